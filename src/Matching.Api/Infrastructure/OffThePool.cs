namespace Matching.Api.Infrastructure;

/// <summary>
/// Runs long background work — loading or rebuilding the match index, finding the profiles a taxonomy change affects,
/// a re-extraction or scoring run — on a thread of its own instead of the thread pool. Microsoft.Data.Sqlite's async
/// methods run synchronously, and building an index is CPU work: on the pool such work holds the few threads a small
/// machine starts with (one per core), and requests queue behind it until the pool adds threads, half a second at a time.
/// Measured on the 2-core machine with 100k profiles on SQLite: a taxonomy change under a wrk /match run stalled every
/// request for about 0.8 s (p99 0.64–0.79 s against 12.6 ms quiet) before this.
/// </summary>
public static class OffThePool
{
    private const TaskCreationOptions Dedicated = TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach;

    /// <summary>Starts <paramref name="work"/> on a dedicated thread; its synchronous stretches stay there.</summary>
    public static Task RunAsync(Func<Task> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, Dedicated, TaskScheduler.Default).Unwrap();

    /// <summary>The same, for work with a result: reading an index's vectors.</summary>
    public static Task<T> RunAsync<T>(Func<Task<T>> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, Dedicated, TaskScheduler.Default).Unwrap();

    /// <summary>Runs CPU work (building an index from what was read) on a dedicated thread.</summary>
    public static Task Run(Action work) =>
        Task.Factory.StartNew(work, CancellationToken.None, Dedicated, TaskScheduler.Default);
}
