using Microsoft.AspNetCore.Http.Metadata;

namespace Matching.Api.Infrastructure;

/// <summary>
/// After routing: a request that carries a body to an operation that reads JSON must say it is JSON
/// (<c>Content-Type: application/json</c>, or a <c>+json</c> type); anything else, including no Content-Type at all, is a
/// 415 problem. Operations whose body is optional and of any type (POST /scoring-runs) accept what they get.
/// </summary>
public sealed class MediaTypeGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HasBody(request)
            && context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is { ContentTypes.Count: > 0 } accepts
            && !accepts.ContentTypes.Contains("*/*")
            && !request.HasJsonContentType())
            return Problems.WriteAsync(context, ProblemTypes.UnsupportedMediaType,
                string.IsNullOrEmpty(request.ContentType)
                    ? "The request has a body but no Content-Type; send JSON with Content-Type: application/json."
                    : "This operation reads JSON; send Content-Type: application/json.");
        return next(context);
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
}
