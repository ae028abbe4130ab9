using System.Reflection;

namespace AskLibrary.Bench.ChatLoad;

/// <summary>
/// Room in ChatLoad's own shared array pool for the buffers of thousands of connections at once. The SignalR client
/// receives and sends through pipes whose 4 KB segments come from <see cref="System.Buffers.ArrayPool{T}.Shared"/>,
/// which keeps only 32 arrays of a size per core by default. Under AskLibrary's load every staff tab reads a queue view
/// of 1–24 KB four times a second, all tabs in the same moment: the pool ran dry in each round of publication, so the
/// client allocated new segments, and those the pool had no room for when they came back became garbage that had lived
/// through a collection. ChatLoad then ran 59–78 gen1 collections in a 20 s window and was paused
/// 2.0–2.8 s of it (2026-12-05), delaying its sends and the clocks its latencies are read from. The echo sends no views.
/// <para>
/// The runtime reads the pool's size from an environment variable, before Main, so `dotnet run` sets it from
/// Properties/launchSettings.json. ChatLoad removes it from its environment at once: the servers it starts inherit that
/// environment, and they are measured with their own defaults.
/// </para>
/// </summary>
internal static class ClientArrayPool
{
    private const string Variable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    /// <summary>Keeps the variable from the servers; returns what the pool keeps, as the runtime read it.</summary>
    public static string KeepFromServers()
    {
        // Reading the pool's statics makes the runtime read the variable now, if nothing has yet, so only then is it removed.
        var effective = Effective() is { } arrays ? $"{arrays} arrays of a size per core" : "its size could not be read back";
        var given = Environment.GetEnvironmentVariable(Variable);
        Environment.SetEnvironmentVariable(Variable, null);
        return given is null ? $"{effective} ({Variable} unset: run ChatLoad with `dotnet run`, which sets it)" : effective;
    }

    /// <summary>What the runtime's pool read (its statics are internal to CoreLib, so by reflection; null if renamed).</summary>
    private static int? Effective() =>
        typeof(object).Assembly.GetType("System.Buffers.SharedArrayPoolStatics")
            ?.GetField("s_maxArraysPerPartition", BindingFlags.Static | BindingFlags.NonPublic)
            ?.GetValue(null) as int?;
}
