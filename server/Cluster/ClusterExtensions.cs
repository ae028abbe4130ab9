using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace AskLibrary.Cluster;

public static class ClusterExtensions
{
    /// <summary>
    /// One node by default. With AskLibrary:Cluster:Redis, the SignalR Redis backplane, Data Protection keys in
    /// Redis (a staff cookie or visitor token from one node is valid on every node), the shared chat gate and
    /// state, node heartbeats and a maintenance leader (docs/operations.md, "Several nodes").
    /// </summary>
    public static WebApplicationBuilder AddCluster(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClusterOptions>().BindConfiguration("AskLibrary:Cluster").ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection("AskLibrary:Cluster").Get<ClusterOptions>() ?? new ClusterOptions();
        if (!options.IsClustered)
        {
            builder.Services.AddSingleton<IClusterCoordinator, SingleNode>();
            return builder;
        }

        var configuration = ConfigurationOptions.Parse(options.Redis!);
        // Keep retrying in the background rather than failing the whole process on a Redis blip.
        configuration.AbortOnConnectFail = false;
        configuration.ClientName = "asklibrary";
        var redis = ConnectionMultiplexer.Connect(configuration);
        builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
        builder.Services.AddSingleton<RedisCoordinator>();
        builder.Services.AddSingleton<IClusterCoordinator>(sp => sp.GetRequiredService<RedisCoordinator>());
        builder.Services.AddHostedService<ClusterHeartbeat>();

        builder.Services.AddDataProtection().PersistKeysToStackExchangeRedis(redis, options.KeyPrefix + "data-protection-keys");
        // The backplane keeps its own connection: its pub/sub traffic must not queue behind the gate's commands.
        builder.Services.AddSignalR().AddStackExchangeRedis(options.Redis!, o =>
        {
            o.Configuration.AbortOnConnectFail = false;
            o.Configuration.ChannelPrefix = RedisChannel.Literal(options.KeyPrefix + "signalr:");
        });
        return builder;
    }
}
