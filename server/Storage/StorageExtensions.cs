using System.ComponentModel.DataAnnotations;
using AskLibrary.Chat;
using AskLibrary.Knowledge.Articles;
using AskLibrary.Patrons;
using AskLibrary.Reports;
using AskLibrary.Staff;
using AskLibrary.Storage.MongoDb;
using AskLibrary.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace AskLibrary.Storage;

/// <summary>Storage settings (AskLibrary:Storage) and the data directory (AskLibrary:DataDirectory).</summary>
public sealed class StorageOptions : IValidatableObject
{
    /// <summary>Sqlite (the embedded default: one file in the data directory) or MongoDb (production, several nodes).</summary>
    [RegularExpression("^(?i:Sqlite|MongoDb)$", ErrorMessage = "AskLibrary:Storage:Provider must be Sqlite or MongoDb.")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>NORMAL or FULL; see <see cref="SqliteDatabase.Synchronous"/>.</summary>
    [RegularExpression("^(NORMAL|FULL)$")]
    public string Synchronous { get; set; } = "NORMAL";

    public MongoDbOptions MongoDb { get; set; } = new();

    public bool UsesMongoDb => string.Equals(Provider, "MongoDb", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => UsesMongoDb ? MongoDb.Problems() : [];
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

    /// <summary>Every store, from the provider AskLibrary:Storage:Provider names (validated at start).</summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration("AskLibrary:Storage").ValidateDataAnnotations().ValidateOnStart();
        var dataDirectory = builder.Configuration.DataDirectory(builder.Environment);
        Directory.CreateDirectory(dataDirectory);

        var settings = builder.Configuration.GetSection("AskLibrary:Storage").Get<StorageOptions>() ?? new StorageOptions();
        if (settings.UsesMongoDb)
            AddMongoDbStores(builder.Services);
        else
            AddSqliteStores(builder.Services, dataDirectory);
        builder.Services.AddSingleton<AuditLog>();
        return builder;
    }

    private static void AddSqliteStores(IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton(sp => new SqliteDatabase(
            Path.Combine(dataDirectory, "asklibrary.db"),
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Synchronous));
        services.AddSingleton<IConversationStore, SqliteConversationStore>();
        services.AddSingleton<Tickets.ITicketStore, SqliteTicketStore>();
        services.AddSingleton<ITranscriptRequestStore, SqliteTranscriptRequestStore>();
        services.AddSingleton<IVisitorStore, SqliteVisitorStore>();
        services.AddSingleton<IPatronDirectory, SqlitePatronDirectory>();
        services.AddSingleton<IStaffStore, SqliteStaffStore>();
        services.AddSingleton<ICannedResponseStore, SqliteCannedResponseStore>();
        services.AddSingleton<IAuditStore, SqliteAuditStore>();
        services.AddSingleton<IKnowledgeStore, SqliteKnowledgeStore>();
        services.AddSingleton<IReportStore, SqliteReportStore>();
        services.AddSingleton<IPatronActivityStore, SqlitePatronActivityStore>();
        services.AddSingleton<Ratings.IRatingStore, SqliteRatingStore>();
        services.AddSingleton<IRetentionStore, SqliteRetentionStore>();
        // Registered first so the schema exists before any other hosted service reads the store.
        services.AddHostedService<SqliteInitializer>();
    }

    private static void AddMongoDbStores(IServiceCollection services)
    {
        services.AddSingleton(sp => new MongoStorage(sp.GetRequiredService<IOptions<StorageOptions>>().Value.MongoDb));
        services.AddSingleton<IConversationStore, MongoConversationStore>();
        services.AddSingleton<Tickets.ITicketStore, MongoTicketStore>();
        services.AddSingleton<ITranscriptRequestStore, MongoTranscriptRequestStore>();
        services.AddSingleton<IVisitorStore, MongoVisitorStore>();
        services.AddSingleton<IPatronDirectory, MongoPatronDirectory>();
        services.AddSingleton<IStaffStore, MongoStaffStore>();
        services.AddSingleton<ICannedResponseStore, MongoCannedResponseStore>();
        services.AddSingleton<IAuditStore, MongoAuditStore>();
        services.AddSingleton<IKnowledgeStore, MongoKnowledgeStore>();
        services.AddSingleton<IReportStore, MongoReportStore>();
        services.AddSingleton<IPatronActivityStore, MongoPatronActivityStore>();
        services.AddSingleton<Ratings.IRatingStore, MongoRatingStore>();
        services.AddSingleton<IRetentionStore, MongoRetentionStore>();
        // Registered first so the indexes exist before any other hosted service writes (and a wrong URL fails the start).
        services.AddHostedService<MongoIndexCreator>();
    }

    private sealed class SqliteInitializer(SqliteDatabase database) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => SqliteSchema.MigrateAsync(database, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
