using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace Matching.Api.Infrastructure;

/// <summary>
/// One log line per request: method, route template (<c>/profiles/{id}</c>, never the path with its ids or the query
/// string), status, duration and the key's name (never the key). Bodies are never read here, so no questionnaire text
/// can reach the log. Outermost in the pipeline, so it sees the final status of every answer (429, 503, 500 included).
/// </summary>
public sealed partial class RequestLogMiddleware(RequestDelegate next, ILoggerFactory loggers)
{
    /// <summary>The log category of request lines (turn them off with <c>Logging:LogLevel:Matching.Api.Requests=Warning</c>).</summary>
    public const string Category = "Matching.Api.Requests";

    private readonly ILogger log = loggers.CreateLogger(Category);

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            if (log.IsEnabled(LogLevel.Information))
            {
                var ms = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
                var key = context.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : "-";
                var traceId = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
                // Routing runs inside this middleware; the exception handler clears the endpoint when it re-executes but keeps it in its feature.
                var route = RouteOf(context.GetEndpoint()) ?? RouteOf(context.Features.Get<IExceptionHandlerFeature>()?.Endpoint) ?? "(unmatched)";
                Request(log, context.Request.Method, route, context.Response.StatusCode, ms, key, traceId);
            }
        }
    }

    private static string? RouteOf(Endpoint? endpoint) =>
        (endpoint as RouteEndpoint)?.RoutePattern.RawText is { } raw ? "/" + raw.TrimStart('/') : null;

    [LoggerMessage(EventId = 1, EventName = "Request", Level = LogLevel.Information,
        Message = "{Method} {Route} {Status} in {DurationMs} ms, key {Key}, trace {TraceId}")]
    private static partial void Request(ILogger log, string method, string route, int status, double durationMs, string key, string traceId);
}

public static class LogFormat
{
    /// <summary>
    /// <c>Logging:Format</c>: <c>json</c> (one JSON object per line, UTC timestamps) or <c>plain</c> (one text line per
    /// entry). Default: plain in Development, json everywhere else.
    /// </summary>
    public static ILoggingBuilder UseConfiguredConsoleFormat(this ILoggingBuilder logging, IConfiguration config, IHostEnvironment environment)
    {
        var format = config["Logging:Format"] is { Length: > 0 } text ? text.Trim().ToLowerInvariant()
            : environment.IsDevelopment() ? "plain" : "json";
        switch (format)
        {
            case "json":
                logging.AddJsonConsole(o =>
                {
                    o.IncludeScopes = false;
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                });
                break;
            case "plain":
                logging.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
                });
                break;
            default:
                throw new ArgumentException($"Logging:Format must be json or plain, not '{format}'.");
        }
        return logging;
    }
}
