namespace AskLibrary.Email;

public static class EmailExtensions
{
    /// <summary>The SMTP sender (AskLibrary:Email; off without a Host) and the outbox that sends transcripts, answers and reminders.</summary>
    public static WebApplicationBuilder AddEmail(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmailOptions>().BindConfiguration("AskLibrary:Email")
            .ValidateDataAnnotations().Validate(EmailOptions.IsValid, EmailOptions.Rules).ValidateOnStart();
        builder.Services.AddSingleton<IEmailSender, SmtpEmailSender>();
        builder.Services.AddSingleton<Chat.TranscriptMailer>();
        builder.Services.AddHostedService<MailOutbox>();
        return builder;
    }
}
