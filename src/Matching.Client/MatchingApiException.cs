using System.Net.Http.Headers;
using System.Text.Json;

namespace Matching.Client;

/// <summary>
/// Any answer that is not a success. When the body is a problem (RFC 9457, as every error of the API is), its members
/// are here typed: switch on <see cref="Code"/> (validation-failed, unknown-skill, not-found, …; the README lists them),
/// read <see cref="Errors"/> for the offending fields, <see cref="UnknownSkills"/> for suggestions, and wait
/// <see cref="RetryAfter"/> before retrying a 503.
/// </summary>
public class MatchingApiException : Exception
{
    private static readonly JsonSerializerOptions ProblemJson = new(JsonSerializerDefaults.Web);
    private readonly Lazy<Problem?> _problem;

    /// <summary>The generated clients' constructor: status, body text and headers of the answer.</summary>
    public MatchingApiException(string message, int statusCode, string? response,
        IReadOnlyDictionary<string, IEnumerable<string>> headers, Exception? innerException)
        : base(message + " (HTTP " + statusCode + ")", innerException)
    {
        StatusCode = statusCode;
        Response = response;
        Headers = headers;
        _problem = new Lazy<Problem?>(() => ProblemOf(response));
    }

    /// <summary>The HTTP status of the answer.</summary>
    public int StatusCode { get; }

    /// <summary>The body of the answer as text.</summary>
    public string? Response { get; }

    /// <summary>The headers of the answer.</summary>
    public IReadOnlyDictionary<string, IEnumerable<string>> Headers { get; }

    /// <summary>The problem in the body, or null when the body is not one.</summary>
    public virtual Problem? Problem => _problem.Value;

    /// <summary>The problem's stable machine code (e.g. unknown-skill), or null when the body is not a problem.</summary>
    public string? Code => Problem?.Code;

    /// <summary>The HTTP status (the problem's, else the answer's).</summary>
    public int Status => Problem?.Status ?? StatusCode;

    /// <summary>The problem's type URL: https://matching.example/problems/{code}.</summary>
    public string? Type => Problem?.Type;

    /// <summary>The problem's title, the same for every problem of its code.</summary>
    public string? Title => Problem?.Title;

    /// <summary>What went wrong this time.</summary>
    public string? Detail => Problem?.Detail;

    /// <summary>The W3C trace id of the request, as the API's logs carry it.</summary>
    public string? TraceId => Problem?.TraceId;

    /// <summary>validation-failed, malformed-json: each offending field, named as the request writes it (requirements[0].skill).</summary>
    public IReadOnlyList<FieldError> Errors => Problem?.Errors ?? [];

    /// <summary>unknown-skill: each skill that matched nothing, with the closest skill ids.</summary>
    public IReadOnlyList<UnknownSkill> UnknownSkills => Problem?.UnknownSkills ?? [];

    /// <summary>How long to wait before retrying (503, 429): the problem's retryAfter, else the Retry-After header; null when neither says.</summary>
    public TimeSpan? RetryAfter
    {
        get
        {
            if (Problem?.RetryAfter is { } seconds) return TimeSpan.FromSeconds(seconds);
            var header = Headers.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
            return RetryConditionHeaderValue.TryParse(header, out var value) && value.Delta is { } delta ? delta : null;
        }
    }

    private static Problem? ProblemOf(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            return JsonSerializer.Deserialize<Problem>(body, ProblemJson) is { Code.Length: > 0 } problem ? problem : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>An error answer whose body the contract documents (a <see cref="Client.Problem"/>, or the readiness body of a 503 from /health/ready).</summary>
public class MatchingApiException<TResult>(string message, int statusCode, string? response,
    IReadOnlyDictionary<string, IEnumerable<string>> headers, TResult result, Exception? innerException)
    : MatchingApiException(message, statusCode, response, headers, innerException)
{
    /// <summary>The documented body of the answer.</summary>
    public TResult Result { get; } = result;

    /// <inheritdoc />
    public override Problem? Problem => Result as Problem ?? base.Problem;
}
