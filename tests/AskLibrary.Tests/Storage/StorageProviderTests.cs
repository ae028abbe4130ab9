using AskLibrary.Chat;
using AskLibrary.Storage.MongoDb;
using AskLibrary.Tests.Infrastructure;
using AskLibrary.Tests.Storage.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AskLibrary.Tests.Storage;

/// <summary>AskLibrary:Storage:Provider picks the stores, and wrong settings stop the start with a clear message.</summary>
public sealed class StorageProviderTests
{
    private static async Task<Exception> StartFailsAsync(Dictionary<string, string?> settings)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "asklib-provider-" + Guid.NewGuid().ToString("N"));
        settings["AskLibrary:DataDirectory"] = dataDirectory;
        settings["AskLibrary:Bootstrap:AdminPassword"] = TestApp.AdminPassword;
        settings["AskLibrary:Knowledge:ImportDirectory"] = Path.Combine(dataDirectory, "none");
        settings["Logging:LogLevel:Default"] = "None";
        foreach (var (key, value) in TestApp.DefaultQueues())
            settings[key] = value;
        var app = Program.Build([], new WebApplicationOptions { ContentRootPath = RepoPaths.Server, EnvironmentName = "Testing" }, builder =>
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(settings);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        });
        try
        {
            var failure = await Record.ExceptionAsync(() => app.StartAsync());
            return failure ?? throw new Xunit.Sdk.XunitException("The app started.");
        }
        finally
        {
            await app.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Theory]
    [InlineData(null, "asklibrary", "ConnectionString is required")]
    [InlineData("http://db.example.org", "asklibrary", "ConnectionString is not a mongodb")]
    [InlineData("mongodb://127.0.0.1:1", "ask.library", "Database must be")]
    public async Task MongoDb_without_usable_settings_stops_the_start(string? connectionString, string database, string message)
    {
        var failure = await StartFailsAsync(new()
        {
            ["AskLibrary:Storage:Provider"] = "MongoDb",
            ["AskLibrary:Storage:MongoDb:ConnectionString"] = connectionString,
            ["AskLibrary:Storage:MongoDb:Database"] = database,
        });
        Assert.Contains(message, Assert.IsType<OptionsValidationException>(failure).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MongoDb_that_cannot_be_reached_stops_the_start_when_the_indexes_are_created()
    {
        var failure = await StartFailsAsync(new()
        {
            ["AskLibrary:Storage:Provider"] = "mongodb",
            ["AskLibrary:Storage:MongoDb:ConnectionString"] = "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300&connectTimeoutMS=300",
        });
        Assert.True(failure is TimeoutException, failure.ToString());
    }

    [Fact]
    public async Task The_embedded_store_is_the_default_and_an_unknown_provider_is_refused()
    {
        await using (var app = await TestApp.StartAsync())
            Assert.IsType<AskLibrary.Storage.Sqlite.SqliteConversationStore>(app.Services.GetRequiredService<IConversationStore>());
        var failure = await Record.ExceptionAsync(() => TestApp.StartAsync(settings: new() { ["AskLibrary:Storage:Provider"] = "Oracle" }));
        Assert.Contains("Provider must be Sqlite or MongoDb", Assert.IsType<OptionsValidationException>(failure).Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_whole_app_runs_a_chat_on_MongoDb()
    {
        Skip.If(MongoDbBackend.ConnectionString is null, MongoDbBackend.SkipReason);
        var database = "asklib_app_" + Guid.NewGuid().ToString("N")[..16];
        await using var app = await TestApp.StartAsync(settings: new()
        {
            ["AskLibrary:Storage:Provider"] = "MongoDb",
            ["AskLibrary:Storage:MongoDb:ConnectionString"] = MongoDbBackend.ConnectionString,
            ["AskLibrary:Storage:MongoDb:Database"] = database,
        });
        var mongo = app.Services.GetRequiredService<MongoStorage>();
        try
        {
            await using var patron = await PatronClient.ConnectAsync(app);
            var chat = await patron.StartChatAsync("图书馆几点开门？");
            var ack = await patron.SendAsync(chat.ConversationId, "谢谢", "client-1");
            var again = await patron.SendAsync(chat.ConversationId, "谢谢", "client-1");
            Assert.Equal((2L, false, 2L, true), (ack.Seq, ack.Duplicate, again.Seq, again.Duplicate));
            var stored = await app.Services.GetRequiredService<IConversationStore>().ListMessagesAsync(chat.ConversationId, 0, true, CancellationToken.None);
            Assert.Contains(stored, m => m.Text == "谢谢" && m.Seq == 2);
            Assert.NotNull(await app.Services.GetRequiredService<AskLibrary.Staff.IStaffStore>().FindByUserNameAsync("ADMIN", CancellationToken.None));
        }
        finally
        {
            await mongo.Client.DropDatabaseAsync(database);
        }
    }
}
