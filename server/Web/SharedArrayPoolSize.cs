using System.Globalization;

namespace AskLibrary.Web;

/// <summary>
/// Room in the runtime's shared array pool for the send buffers of hundreds of staff tabs at once. Each WebSocket send
/// rents its frame's buffer from <see cref="System.Buffers.ArrayPool{T}.Shared"/> and holds it until the connection has
/// taken the frame; a round of queue views goes to every staff tab in the same moment, and a tab that reads slowly holds
/// its buffer longer. The pool keeps 32 arrays of a size per core by default: past that it allocates, and the arrays it
/// has no room for when they come back are garbage that lived through collections. With 1,024, under chat load on a
/// 2-core machine the server collected 0.45–0.70 times a second instead of 0.95–1.00, paused 1.3–1.8 % of the time
/// instead of 2.4–3.0 %, and its p99 was lower in each of three alternated rounds (docs/performance.md).
/// <para>
/// The runtime reads the size from an environment variable when the pool is first used, which is after the host starts,
/// so setting the variable first thing in the process is in time. An operator's own value of it is kept
/// (docs/operations.md, "Runtime settings").
/// </para>
/// </summary>
internal static class SharedArrayPoolSize
{
    public const string Variable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";
    public const int ArraysPerSizePerCore = 1024;

    public static void Apply()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
            Environment.SetEnvironmentVariable(Variable, ArraysPerSizePerCore.ToString(CultureInfo.InvariantCulture));
    }
}
