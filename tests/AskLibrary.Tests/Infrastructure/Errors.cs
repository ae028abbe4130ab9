using Microsoft.AspNetCore.SignalR;

namespace AskLibrary.Tests.Infrastructure;

public static class Errors
{
    /// <summary>Runs a hub call that must be refused and returns the documented error code it carried.</summary>
    public static async Task<string> CodeOf(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HubException>(call);
        return CodeOf(error);
    }

    /// <summary>The documented error code at the start of a hub error's message ("code: text").</summary>
    public static string CodeOf(HubException error)
    {
        var marker = error.Message.IndexOf("HubException: ", StringComparison.Ordinal);
        var message = marker >= 0 ? error.Message[(marker + "HubException: ".Length)..] : error.Message;
        var colon = message.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? message[..colon] : message;
    }
}
