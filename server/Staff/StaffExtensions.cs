namespace AskLibrary.Staff;

public static class StaffExtensions
{
    public static WebApplicationBuilder AddStaffAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BootstrapOptions>().BindConfiguration("AskLibrary:Bootstrap");
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddAntiforgery(options =>
        {
            options.HeaderName = "RequestVerificationToken";
            options.Cookie.Name = "asklib.af";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        // After the store's initializer (registered in AddStorage), before the chat service restores.
        builder.Services.AddHostedService<FirstAdmin>();
        return builder;
    }
}
