package io.taskrunner.agent.alert;

import io.taskrunner.agent.config.SmtpSettings;
import io.taskrunner.agent.datasource.SecretResolver;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.Messages;
import io.taskrunner.protocol.message.AlertSeverity;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Properties;

/** Mails an alert through the agent's SMTP server, written in the rule's language. */
final class MailSender implements AlertChannel {
    private static final int SUBJECT_TEXT_CHARS = 120;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    private final SmtpSettings smtp;
    private final SecretResolver secrets;
    private final Session session;

    MailSender(SmtpSettings smtp, SecretResolver secrets) {
        this.smtp = smtp;
        this.secrets = secrets;
        this.session = Session.getInstance(properties(smtp));
    }

    @Override
    public String name() {
        return "mail";
    }

    @Override
    public boolean wants(AlertMessage message) {
        return !message.targets().email().isEmpty();
    }

    @Override
    public void send(AlertMessage message) throws MessagingException {
        MimeMessage mail = compose(message);
        if (smtp.username() == null) {
            Transport.send(mail);
        } else {
            Transport.send(mail, smtp.username(), secrets.resolve(smtp.password()));
        }
    }

    MimeMessage compose(AlertMessage message) throws MessagingException {
        Messages text = Messages.of(message.targets().language() == null ? Language.EN
                : Language.fromTag(message.targets().language()));
        String firstLine = message.alert().message().lines().findFirst().orElse("").strip();
        if (firstLine.length() > SUBJECT_TEXT_CHARS) {
            firstLine = firstLine.substring(0, SUBJECT_TEXT_CHARS - 1) + "…";
        }
        ZoneId zone = message.targets().zone() == null ? ZoneId.systemDefault() : ZoneId.of(message.targets().zone());
        MimeMessage mail = new MimeMessage(session);
        mail.setFrom(new InternetAddress(smtp.from()));
        for (String address : message.targets().email()) {
            mail.addRecipient(Message.RecipientType.TO, new InternetAddress(address));
        }
        mail.setSentDate(Date.from(message.raisedAt()));
        mail.setSubject(text.get(message.alert().recovered() ? "alertMail.subjectRecovered" : "alertMail.subject",
                message.agentId(), message.alert().rule(), firstLine), StandardCharsets.UTF_8.name());
        mail.setText(text.get("alertMail.body", message.alert().message(), message.agentId(), message.alert().rule(),
                severity(text, message.alert().severity()),
                message.alert().incidentId().toString(), TIME.format(message.raisedAt().atZone(zone))),
                StandardCharsets.UTF_8.name());
        return mail;
    }

    private static String severity(Messages text, AlertSeverity severity) {
        return switch (severity) {
            case INFO -> text.get("alertMail.severity.info");
            case WARNING -> text.get("alertMail.severity.warning");
            case CRITICAL -> text.get("alertMail.severity.critical");
        };
    }

    private static Properties properties(SmtpSettings smtp) {
        Properties properties = new Properties();
        String millis = Long.toString(smtp.timeoutSeconds() * 1000L);
        String protocol = smtp.security().equals("tls") ? "smtps" : "smtp";
        properties.put("mail.transport.protocol", protocol);
        properties.put("mail." + protocol + ".host", smtp.host());
        properties.put("mail." + protocol + ".port", Integer.toString(smtp.port()));
        properties.put("mail." + protocol + ".connectiontimeout", millis);
        properties.put("mail." + protocol + ".timeout", millis);
        properties.put("mail." + protocol + ".writetimeout", millis);
        properties.put("mail." + protocol + ".auth", Boolean.toString(smtp.username() != null));
        if (smtp.security().equals("starttls")) {
            properties.put("mail.smtp.starttls.enable", "true");
            properties.put("mail.smtp.starttls.required", "true");
        }
        if (!smtp.security().equals("none")) {
            properties.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        return properties;
    }
}
