package io.taskrunner.console.service.devices;

import java.util.Objects;

/**
 * A device credential with its new password, handed out once when the credential is created or its password
 * rotated; the console keeps only a hash, so show it to the operator now. {@link #toString()} leaves it out.
 */
public record DevicePassword(DeviceCredential credential, String password) {
    public DevicePassword {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "DevicePassword[credential=" + credential + ", password=(hidden)]";
    }
}
