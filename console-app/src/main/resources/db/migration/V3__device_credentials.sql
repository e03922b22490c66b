-- Device credentials: IoT devices (ESP32, PLC gateways, mosquitto_pub) log in to the embedded broker with a user
-- name and password instead of a client certificate. The password is kept only as a salted PBKDF2 hash; algorithm
-- and iterations are stored per row so new passwords can get more iterations while old ones still verify.
-- publish_filters is a JSON array of the MQTT topic filters the device may publish to.
CREATE TABLE device_credentials (
    name                VARCHAR(128)  PRIMARY KEY,
    description         VARCHAR(1024) NOT NULL DEFAULT '',
    publish_filters     CLOB          NOT NULL,
    enabled             BOOLEAN       NOT NULL DEFAULT TRUE,
    password_algorithm  VARCHAR(64)   NOT NULL,
    password_iterations INT           NOT NULL,
    password_salt       VARBINARY(64) NOT NULL,
    password_hash       VARBINARY(64) NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at        TIMESTAMP WITH TIME ZONE
);
