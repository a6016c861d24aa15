using Matching.Api.Infrastructure;

namespace Matching.Api.Tests;

/// <summary>
/// A request stops waiting for a database call when its token is cancelled, even when the driver's own reaction to the
/// cancellation blocks: Npgsql sends a cancel request from inside <c>Cancel()</c>, which takes seconds against a frozen
/// server. Before the fix the request's 503 came only after that (7 s for a 3 s request timeout in the SIGSTOP drill).
/// </summary>
public sealed class RequestBoundStoreTests
{
    public interface IProbeStore
    {
        Task<int> ReadAsync(string key, CancellationToken ct);
        Task WriteAsync(CancellationToken ct);
        int Count();
    }

    /// <summary>A driver that registers a blocking cancellation on the token mid-call, after its first await, as Npgsql does per command.</summary>
    private sealed class BlockingDriver : IProbeStore
    {
        public readonly TaskCompletionSource NextCommand = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource Registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly ManualResetEventSlim CancelRequestAnswered = new();
        public readonly TaskCompletionSource<int> Answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public CancellationToken Seen;

        public async Task<int> ReadAsync(string key, CancellationToken ct)
        {
            Seen = ct;
            await NextCommand.Task;
            ct.Register(() => CancelRequestAnswered.Wait(TimeSpan.FromSeconds(60)));
            Registered.SetResult();
            return await Answer.Task; // a frozen server: no answer, whatever the token says
        }

        public Task WriteAsync(CancellationToken ct) => Task.CompletedTask;
        public int Count() => 7;
    }

    [Fact]
    public async Task A_cancelled_request_stops_waiting_while_the_drivers_cancellation_still_blocks()
    {
        var driver = new BlockingDriver();
        var store = RequestBoundStore<IProbeStore>.Wrap(driver);
        using var request = new CancellationTokenSource();
        try
        {
            var call = store.ReadAsync("k", request.Token);
            driver.NextCommand.SetResult();
            await driver.Registered.Task;

            var cancelling = Task.Run(request.Cancel);
            var outcome = await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(20)));

            Assert.Same(call, outcome);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
            Assert.False(driver.CancelRequestAnswered.IsSet);
            await cancelling;
            // The driver is told too (on the thread pool), so the abandoned command is cancelled on the server.
            Assert.True(SpinWait.SpinUntil(() => driver.Seen.IsCancellationRequested, TimeSpan.FromSeconds(20)));
        }
        finally
        {
            driver.CancelRequestAnswered.Set();
        }
    }

    [Fact]
    public async Task Calls_that_finish_pass_their_answer_and_calls_without_a_token_pass_through()
    {
        var driver = new BlockingDriver();
        var store = RequestBoundStore<IProbeStore>.Wrap(driver);
        using var request = new CancellationTokenSource();

        var call = store.ReadAsync("k", request.Token);
        driver.NextCommand.SetResult();
        await driver.Registered.Task;
        driver.Answer.SetResult(42);

        Assert.Equal(42, await call);
        Assert.False(driver.Seen.IsCancellationRequested);
        await store.WriteAsync(CancellationToken.None);
        Assert.Equal(7, store.Count());
        driver.CancelRequestAnswered.Set();
    }
}
