namespace Matching.Api.Infrastructure;

/// <summary>
/// Runs a started run (a scoring run, a re-extraction) in the background of the API process, logs how it ended, and on
/// shutdown cancels it and waits for it: a cancelled run marks itself failed, and the next one picks up from there.
/// </summary>
public abstract class BackgroundRuns(ILogger log, string what) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private Task _current = Task.CompletedTask;

    /// <summary>Runs <paramref name="execute"/> (which returns the run's final status) in the background, then disposes the run.</summary>
    protected void Launch(IAsyncDisposable run, string id, Func<CancellationToken, Task<string>> execute)
    {
        lock (_gate) _current = OffThePool.RunAsync(() => ExecuteAsync(run, id, execute));
    }

    private async Task ExecuteAsync(IAsyncDisposable run, string id, Func<CancellationToken, Task<string>> execute)
    {
        await using (run)
        {
            try
            {
                var status = await execute(_stopping.Token);
                log.LogInformation("{What} {RunId} ended: {Status}", what, id, status);
            }
            catch (Exception e)
            {
                log.LogError(e, "{What} {RunId} ended with an unexpected error", what, id);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        Task current;
        lock (_gate) current = _current;
        await current.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
