-- The device password once more in the form Mosquitto reads from its password_file ($7$: PBKDF2-HMAC-SHA512), for
-- exporting the broker rules to an external Mosquitto. Made when the password is created or rotated, the only time
-- the console holds it; NULL for passwords set before, which must be rotated before they can be exported.
ALTER TABLE device_credentials ADD COLUMN mosquitto_hash VARCHAR(256);
