using System.ComponentModel.DataAnnotations;
using AskLibrary.Chat;
using AskLibrary.Patrons;
using AskLibrary.Staff;
using AskLibrary.Storage.Sqlite;

namespace AskLibrary.Storage;

/// <summary>Storage settings (AskLibrary:Storage) and the data directory (AskLibrary:DataDirectory).</summary>
public sealed class StorageOptions
{
    /// <summary>NORMAL or FULL; see <see cref="SqliteDatabase.Synchronous"/>.</summary>
    [RegularExpression("^(NORMAL|FULL)$")]
    public string Synchronous { get; set; } = "NORMAL";
}

public static class StorageExtensions
{
    /// <summary>
    /// The folder for the database, Data Protection keys and the search index. Relative paths are
    /// resolved against the content root, so the default is a "data" folder beside the app.
    /// </summary>
    public static string DataDirectory(this IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["AskLibrary:DataDirectory"];
        var path = string.IsNullOrWhiteSpace(configured) ? "data" : configured;
        return Path.GetFullPath(Path.Combine(environment.ContentRootPath, path));
    }

    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration("AskLibrary:Storage").ValidateDataAnnotations().ValidateOnStart();
        var dataDirectory = builder.Configuration.DataDirectory(builder.Environment);
        Directory.CreateDirectory(dataDirectory);

        builder.Services.AddSingleton(sp => new SqliteDatabase(
            Path.Combine(dataDirectory, "asklibrary.db"),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.Synchronous));
        builder.Services.AddSingleton<IConversationStore, SqliteConversationStore>();
        builder.Services.AddSingleton<Tickets.ITicketStore, SqliteTicketStore>();
        builder.Services.AddSingleton<ITranscriptRequestStore, SqliteTranscriptRequestStore>();
        builder.Services.AddSingleton<IVisitorStore, SqliteVisitorStore>();
        builder.Services.AddSingleton<IPatronDirectory, SqlitePatronDirectory>();
        builder.Services.AddSingleton<IStaffStore, SqliteStaffStore>();
        builder.Services.AddSingleton<ICannedResponseStore, SqliteCannedResponseStore>();
        builder.Services.AddSingleton<IAuditStore, SqliteAuditStore>();
        builder.Services.AddSingleton<IPatronActivityStore, SqlitePatronActivityStore>();
        builder.Services.AddSingleton<Ratings.IRatingStore, SqliteRatingStore>();
        builder.Services.AddSingleton<AuditLog>();
        // Registered first so the schema exists before any other hosted service reads the store.
        builder.Services.AddHostedService<StorageInitializer>();
        return builder;
    }

    private sealed class StorageInitializer(SqliteDatabase database) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => SqliteSchema.MigrateAsync(database, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
