# Sourced by ./mvnw: TaskRunner needs JDK 25. Keep JAVA_HOME if it already points at 25+,
# otherwise look in the usual install places, and say clearly when none is found.
taskrunner_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
taskrunner_find_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(taskrunner_java_major "$JAVA_HOME")
    [ "${major:-0}" -ge 25 ] && return 0
  fi
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25* /usr/lib/jvm/jdk-25* /opt/jdk-25* /opt/java/* \
    "$HOME"/.sdkman/candidates/java/25* /Library/Java/JavaVirtualMachines/*25*/Contents/Home; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(taskrunner_java_major "$candidate")
    if [ "${major:-0}" -ge 25 ]; then
      JAVA_HOME="$candidate"
      export JAVA_HOME
      return 0
    fi
  done
  echo "TaskRunner needs a JDK 25 (Temurin recommended). None found in JAVA_HOME or /usr/lib/jvm;" >&2
  echo "install one and run: export JAVA_HOME=/path/to/jdk-25" >&2
  exit 1
}
set +f
taskrunner_find_jdk
set -f
