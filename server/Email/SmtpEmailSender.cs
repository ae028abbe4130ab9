using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AskLibrary.Email;

/// <summary>Sends through the configured SMTP server with MailKit; one connection per message keeps it simple and robust.</summary>
public sealed class SmtpEmailSender(IOptions<EmailOptions> options, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    private readonly EmailOptions _options = options.Value;

    public bool Enabled => _options.Enabled;

    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        if (!Enabled)
            throw new EmailException("Email is not configured (AskLibrary:Email:Host).");
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(_options.From!));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.Body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html }.ToMessageBody();

        using var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            var security = !_options.UseTls ? SecureSocketOptions.None
                : _options.Port == 465 ? SecureSocketOptions.SslOnConnect
                : SecureSocketOptions.StartTls;
            await client.ConnectAsync(_options.Host!, _options.Port, security, ct);
            if (!string.IsNullOrEmpty(_options.UserName))
                await client.AuthenticateAsync(_options.UserName, _options.Password ?? "", ct);
            await client.SendAsync(mime, ct);
            await client.DisconnectAsync(quit: true, ct);
            EmailLog.Sent(logger, _options.Host!, mime.MessageId ?? "");
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ProtocolException
                                       or CommandException or AuthenticationException or SslHandshakeException or TimeoutException)
        {
            // Only the kind of failure and the SMTP status travel on: a server's reply text can quote the
            // recipient's address, and these exceptions are logged.
            var status = ex is SmtpCommandException command ? $" ({(int)command.StatusCode} {command.ErrorCode})" : "";
            throw new EmailException($"The mail server {_options.Host}:{_options.Port} did not take the message: {ex.GetType().Name}{status}");
        }
    }
}
