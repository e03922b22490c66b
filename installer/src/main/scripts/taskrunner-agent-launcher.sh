#!/bin/sh
# Starts the TaskRunner agent in the version its self-update chose (see docs/jobs.md, "Agent self-update").
#
#   taskrunner-agent-launcher.sh INSTALL_DIR DATA_DIR [agent arguments...]
#
# INSTALL_DIR holds the installed agent (taskrunner-agent.jar, lib/, and bin/java of its runtime image unless
# JAVA is set); DATA_DIR is the agent's data folder, where staged versions live in versions/<version>/. The
# installed jar's LaunchSelector prints the jar to start and counts starts of a pending update, going back to the
# version before after two starts that did not come online. If it fails, the installed agent starts.
# Exit code 75 from the agent asks for a restart into a new version (systemd: Restart=always).
set -u
INSTALL_DIR=$1
DATA_DIR=$2
shift 2
JAVA=${JAVA:-$INSTALL_DIR/bin/java}
INSTALLED_JAR=$INSTALL_DIR/taskrunner-agent.jar
JAR=$("$JAVA" -cp "$INSTALLED_JAR" io.taskrunner.agent.LaunchSelector "$DATA_DIR" "$INSTALLED_JAR") \
    || JAR=$INSTALLED_JAR
echo "taskrunner-agent-launcher: starting $JAR" >&2
exec "$JAVA" ${JAVA_OPTS:-} -jar "$JAR" "$@"
