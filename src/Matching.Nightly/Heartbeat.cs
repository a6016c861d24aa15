using Microsoft.Extensions.Logging;

namespace Matching.Nightly;

/// <summary>
/// Touches a file every 30 s while the scheduler runs, so that a container health check (an image without curl, and a
/// process without a port) can tell a live scheduler from a hung or dead one by the file's age.
/// </summary>
internal sealed class Heartbeat : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private readonly Timer _timer;

    private Heartbeat(string path, ILogger log)
    {
        var warned = false;
        _timer = new Timer(_ =>
        {
            try
            {
                File.WriteAllText(path, DateTime.UtcNow.ToString("O"));
                warned = false;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (!warned) log.LogWarning("Cannot write the heartbeat file {Path}: {Message}", path, e.Message);
                warned = true;
            }
        }, null, TimeSpan.Zero, Interval);
    }

    /// <summary>Null (nothing to dispose) when no file is configured.</summary>
    public static Heartbeat? Start(string? path, ILogger log) => string.IsNullOrWhiteSpace(path) ? null : new Heartbeat(path, log);

    public void Dispose() => _timer.Dispose();
}
