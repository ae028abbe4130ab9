using System.Security.Cryptography;
using AskLibrary.Chat;

namespace AskLibrary.Staff;

/// <summary>Settings for the first admin account (AskLibrary:Bootstrap).</summary>
public sealed class BootstrapOptions
{
    public string AdminUserName { get; set; } = "admin";

    /// <summary>If empty, a random password is generated and printed once at first start.</summary>
    public string? AdminPassword { get; set; }
}

/// <summary>
/// Creates the first admin when the staff table is empty, so a fresh install can be signed into.
/// The password comes from configuration (e.g. env AskLibrary__Bootstrap__AdminPassword) or is
/// generated and printed to the console — never stored in the repository.
/// </summary>
public sealed class FirstAdmin(IStaffStore store, Microsoft.Extensions.Options.IOptions<BootstrapOptions> options, TimeProvider time, ILogger<FirstAdmin> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await store.AnyAsync(cancellationToken))
            return;
        var configured = options.Value.AdminPassword;
        var password = string.IsNullOrEmpty(configured) ? RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16) : configured;
        var account = AdminApi.Validate(new AdminApi.NewStaffAccount(options.Value.AdminUserName, "Administrator", StaffRoles.Admin, password, [], null), time);
        await store.AddAsync(account, cancellationToken);
        if (string.IsNullOrEmpty(configured))
        {
            // Printed to stdout on purpose: the one moment the operator needs it, and it is not in any file.
            Console.WriteLine($"""

                ==== AskLibrary: first admin account created ====
                  Sign in at /staff/login
                  user name: {account.UserName}
                  password:  {password}
                  Create librarian accounts in the console (Admin tab).
                =================================================

                """);
        }
        Log.FirstAdminCreated(logger, account.UserName);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
