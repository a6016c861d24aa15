using System.Diagnostics;
using Matching.Data;

namespace Matching.Api.Infrastructure;

/// <summary>
/// Makes database outages honest: while the API starts (database not migrated, match index not loaded) and whenever a
/// request meets a database that is unavailable (<see cref="DatabaseFaults"/>) or runs past the request timeout, the
/// answer is 503 problem+json with <c>Retry-After</c>, <c>code</c> <c>database-unavailable</c> and <c>retryAfter</c>,
/// and one log line with the trace id — never a 500 with a stack trace. Reads are retried briefly first (a read
/// changes nothing, so repeating it is safe); writes are not, and their answer says whether a retry is.
/// </summary>
public sealed class DatabaseUnavailableMiddleware(
    RequestDelegate next,
    DatabaseStartup startup,
    MatchIndexHost index,
    DatabaseResilience settings,
    ApiLimits limits,
    ILogger<DatabaseUnavailableMiddleware> log)
{
    public const string Code = "database-unavailable";

    // POST routes that only read: repeating them is as safe as repeating a GET.
    private static readonly HashSet<string> ReadOnlyPosts = new(StringComparer.OrdinalIgnoreCase) { "match", "profiles/extract" };

    public async Task InvokeAsync(HttpContext context)
    {
        if (IsInfrastructure(context.Request.Path))
        {
            await next(context);
            return;
        }
        if (!startup.IsMigrated || !index.IsReady)
        {
            log.LogDebug("{Method} {Path} answered 503: still starting", context.Request.Method, context.Request.Path);
            await WriteAsync(context, "The API is starting: it is waiting for its database (migrations, then the match index).");
            return;
        }

        var route = RouteOf(context);
        var readOnly = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                       || HttpMethods.IsPost(context.Request.Method) && ReadOnlyPosts.Contains(route);
        var clientAborted = context.RequestAborted;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(clientAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(limits.RequestTimeoutSeconds));
        context.RequestAborted = timeout.Token;

        byte[]? body = null;
        if (readOnly && settings.ReadRetries > 0 && HttpMethods.IsPost(context.Request.Method))
        {
            // Kept to replay on a retry (a /match or extraction body; the body size limit still applies while reading).
            using var copy = new MemoryStream();
            await context.Request.Body.CopyToAsync(copy, context.RequestAborted);
            body = copy.ToArray();
        }

        for (var attempt = 0; ; attempt++)
        {
            if (body is not null) context.Request.Body = new MemoryStream(body, writable: false);
            try
            {
                await next(context);
                return;
            }
            catch (Exception e) when (DatabaseFaults.Classify(e) is { } fault && !context.Response.HasStarted)
            {
                if (readOnly && attempt < settings.ReadRetries && !timeout.IsCancellationRequested)
                {
                    context.Response.Clear();
                    try
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(100 * (1 << (2 * attempt))), context.RequestAborted);
                        continue;
                    }
                    catch (OperationCanceledException) when (timeout.IsCancellationRequested && !clientAborted.IsCancellationRequested)
                    {
                        // The request timeout came during the pause before a retry: the same answer as a timeout mid-call.
                        await TimedOutAsync(context, clientAborted, route, readOnly);
                        return;
                    }
                }
                context.RequestAborted = clientAborted;
                LogFailure(context, route, fault);
                await WriteAsync(context, Detail(context, route, readOnly));
                return;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !clientAborted.IsCancellationRequested
                                                       && !context.Response.HasStarted)
            {
                await TimedOutAsync(context, clientAborted, route, readOnly);
                return;
            }
        }
    }

    private Task TimedOutAsync(HttpContext context, CancellationToken clientAborted, string route, bool readOnly)
    {
        context.RequestAborted = clientAborted;
        LogFailure(context, route, $"request-timeout ({limits.RequestTimeoutSeconds} s)");
        return WriteAsync(context, $"The request did not complete within {limits.RequestTimeoutSeconds} s; the database is slow or unavailable. "
                                   + Hint(context, route, readOnly));
    }

    private static bool IsInfrastructure(PathString path) =>
        path == "/" || path.StartsWithSegments("/health") || path.StartsWithSegments("/swagger") || path.StartsWithSegments("/openapi")
        || path.StartsWithSegments(TelemetrySetup.MetricsPath);

    private static string RouteOf(HttpContext context) =>
        ((context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "").Trim('/');

    private void LogFailure(HttpContext context, string route, string fault) =>
        log.LogWarning("{Method} /{Route} answered 503: database unavailable ({Fault}); trace {TraceId}",
            context.Request.Method, route, fault, TraceId(context));

    private static string TraceId(HttpContext context) => Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;

    private static string Detail(HttpContext context, string route, bool readOnly) =>
        "The database is unavailable for the moment. " + Hint(context, route, readOnly);

    /// <summary>Whether the request may have taken effect, and whether sending it again is safe.</summary>
    private static string Hint(HttpContext context, string route, bool readOnly)
    {
        var method = context.Request.Method;
        if (readOnly) return "Nothing was changed; retry after the time in Retry-After.";
        if (HttpMethods.IsPost(method) && route.Equals("profiles", StringComparison.OrdinalIgnoreCase))
            return "The profile may have been stored before the connection broke. Sending it again with the same externalId is safe: "
                   + "an existing externalId is re-extracted and replaced under the same id. Without an externalId a retry may store it twice.";
        if (HttpMethods.IsPost(method) && route.Equals("jobs", StringComparison.OrdinalIgnoreCase))
            return "The job may have been stored before the connection broke. Sending it again with the same externalId is safe: "
                   + "a stored one answers 409 naming it. Without an externalId a retry may store it twice.";
        if (HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method))
            return "The change may or may not have been applied; sending the same request again is safe.";
        return "The change may or may not have been applied; check before sending it again.";
    }

    private Task WriteAsync(HttpContext context, string detail)
    {
        if (context.Response.HasStarted) return Task.CompletedTask;
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = settings.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.Result(StatusCodes.Status503ServiceUnavailable, "Database unavailable", detail,
                new Dictionary<string, object?>
                {
                    ["code"] = Code,
                    ["retryAfter"] = settings.RetryAfterSeconds,
                    ["traceId"] = TraceId(context),
                })
            .ExecuteAsync(context);
    }
}
