using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Matching.Api.Infrastructure;

/// <summary>
/// Wraps a store so that a request stops waiting for a database call as soon as its token is cancelled (the request
/// timeout, or the client going away), even when the driver cannot cancel the call. A PostgreSQL server that hangs
/// without closing its connections (a frozen VM, a network partition) keeps an Npgsql command waiting whatever its token
/// says; the request then answers 503 at its timeout (see <see cref="DatabaseUnavailableMiddleware"/>) while the abandoned call
/// finishes or fails on its own in the background, on its own connection, touching nothing of the request.
/// A write abandoned this way may still commit when the database answers again, which the 503's hint says.
/// </summary>
/// <remarks>
/// Every method of the store interface returning <see cref="Task"/> or <see cref="Task{TResult}"/> with a
/// <see cref="CancellationToken"/> argument is bounded by that token; other methods pass through unchanged.
/// </remarks>
public class RequestBoundStore<TStore> : DispatchProxy where TStore : class
{
    private static readonly ConcurrentDictionary<Type, Func<Task, CancellationToken, Task>> Waiters = new();
    private static readonly MethodInfo WaitGeneric =
        typeof(RequestBoundStore<TStore>).GetMethod(nameof(WaitTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    private TStore _inner = null!;

    public static TStore Wrap(TStore inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var proxy = Create<TStore, RequestBoundStore<TStore>>();
        ((RequestBoundStore<TStore>)(object)proxy)._inner = inner;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(method);
        // The call gets a token of its own, cancelled on the thread pool once the request's token is: the driver's
        // cancellation runs inside Cancel() (Npgsql opens a connection to send a cancel request and waits for it,
        // seconds when the server is frozen), and the request must not wait for that before it answers.
        var at = args is null ? -1 : Array.FindIndex(args, a => a is CancellationToken { CanBeCanceled: true });
        var ct = at < 0 ? CancellationToken.None : (CancellationToken)args![at]!;
        CancellationTokenSource? own = null;
        CancellationTokenRegistration link = default;
        if (at >= 0)
        {
            own = new CancellationTokenSource();
            link = ct.UnsafeRegister(static s => ThreadPool.UnsafeQueueUserWorkItem(static c => c.Cancel(), (CancellationTokenSource)s!, false), own);
            args![at] = own.Token;
        }
        object? result;
        try
        {
            result = method.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            link.Dispose();
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
        if (result is not Task task || task.IsCompleted || own is null)
        {
            link.Dispose();
            return result;
        }
        task.ContinueWith(static (_, l) => ((CancellationTokenRegistration)l!).Dispose(), link, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var waiter = Waiters.GetOrAdd(method.ReturnType, static type => type.IsGenericType
            ? WaitGeneric.MakeGenericMethod(type.GetGenericArguments()[0]).CreateDelegate<Func<Task, CancellationToken, Task>>()
            : WaitPlain);
        return waiter(task, ct);
    }

    private static async Task WaitPlain(Task task, CancellationToken ct)
    {
        try
        {
            await task.WaitAsync(ct);
        }
        catch (OperationCanceledException) when (!task.IsCompleted)
        {
            Abandon(task);
            throw;
        }
    }

    private static async Task<T> WaitTyped<T>(Task task, CancellationToken ct)
    {
        try
        {
            return await ((Task<T>)task).WaitAsync(ct);
        }
        catch (OperationCanceledException) when (!task.IsCompleted)
        {
            Abandon(task);
            throw;
        }
    }

    /// <summary>A call the request stopped waiting for still ends somewhere: its failure is observed, not left unobserved.</summary>
    private static void Abandon(Task task) =>
        task.ContinueWith(static done => _ = done.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
