using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Matching.Client;

/// <summary>
/// The Matching API in one object: base URL and API key in one constructor, one typed client per area.
/// <code>
/// using var api = new MatchingClient(new Uri("https://matching.internal/"), apiKey);
/// var profile = await api.Profiles.IngestAsync(new QuestionnaireRequest { ... });
/// var ranked = await api.Match.RunAsync(new MatchRequest { JobId = job.Id });
/// </code>
/// Errors are thrown as <see cref="MatchingApiException"/> with the problem's code, errors and extensions.
/// </summary>
public sealed class MatchingClient : IDisposable
{
    /// <summary>The header that carries the API key.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    private readonly HttpClient? _owned;

    /// <summary>A client of the API at <paramref name="baseUrl"/> (a path prefix is kept), sending <paramref name="apiKey"/> on every request.</summary>
    public MatchingClient(Uri baseUrl, string apiKey)
        : this(Own(baseUrl), apiKey)
    {
        _owned = Http;
    }

    /// <summary>
    /// A client over an HttpClient you manage (IHttpClientFactory, a test server): its BaseAddress says where the API is.
    /// With <paramref name="apiKey"/>, the key is added to every request; without, the HttpClient must carry it.
    /// </summary>
    public MatchingClient(HttpClient http, string? apiKey = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.BaseAddress is null) throw new ArgumentException("The HttpClient needs a BaseAddress: the API's base URL.", nameof(http));
        if (!http.BaseAddress.AbsolutePath.EndsWith('/'))
            http.BaseAddress = new Uri(http.BaseAddress.AbsoluteUri + "/");
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Remove(ApiKeyHeader);
            http.DefaultRequestHeaders.Add(ApiKeyHeader, apiKey);
        }
        Http = http;
        Profiles = new ProfilesClient(http);
        Jobs = new JobsClient(http);
        CustomFields = new CustomFieldsClient(http);
        Match = new MatchClient(http);
        ScoringRuns = new ScoringRunsClient(http);
        Skills = new SkillsClient(http);
        Taxonomy = new TaxonomyClient(http);
        Health = new HealthClient(http);
        Reextractions = new ReextractionsClient(http);
    }

    /// <summary>The HttpClient the area clients send with.</summary>
    public HttpClient Http { get; }

    /// <summary>Questionnaires in, profiles out; overrides; erasure; reverse match.</summary>
    public IProfilesClient Profiles { get; }

    /// <summary>Jobs and their stored shortlists.</summary>
    public IJobsClient Jobs { get; }

    /// <summary>The custom profile attribute keys (declared with their type; admin to change).</summary>
    public ICustomFieldsClient CustomFields { get; }

    /// <summary>Ranking stored profiles against requirements.</summary>
    public IMatchClient Match { get; }

    /// <summary>The nightly scoring runs.</summary>
    public IScoringRunsClient ScoringRuns { get; }

    /// <summary>The taxonomy.</summary>
    public ISkillsClient Skills { get; }

    /// <summary>The customer's own skills and spellings: changes (admin), export, diff, and the follow-up re-extraction.</summary>
    public ITaxonomyClient Taxonomy { get; }

    /// <summary>Liveness and readiness.</summary>
    public IHealthClient Health { get; }

    /// <summary>Re-extraction runs (admin).</summary>
    public IReextractionsClient Reextractions { get; }

    /// <inheritdoc />
    public void Dispose() => _owned?.Dispose();

    private static HttpClient Own(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return new HttpClient { BaseAddress = baseUrl };
    }

    /// <summary>
    /// The generated clients' JSON: optional fields left unset are not sent at all, except the attribute parts a merge
    /// patch is asked to clear (<see cref="ProfileAttributesInput.Clearing"/>), which are sent as null.
    /// </summary>
    internal static void Configure(JsonSerializerOptions options)
    {
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { SendClearedAsNull } };
    }

    private static void SendClearedAsNull(JsonTypeInfo info)
    {
        if (info.Type != typeof(ProfileAttributesInput)) return;
        foreach (var property in info.Properties)
        {
            var name = property.Name;
            property.ShouldSerialize = (owner, value) => value is not null || ((ProfileAttributesInput)owner).Cleared.Contains(name);
        }
    }
}

/// <summary>Attributes as a merge patch: parts set are replaced, parts named in <see cref="Clearing"/> are cleared.</summary>
public partial class ProfileAttributesInput
{
    // The wire names of the parts, as the generated properties declare them.
    private static readonly string[] Parts = typeof(ProfileAttributesInput).GetProperties()
        .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name)
        .OfType<string>()
        .ToArray();

    /// <summary>The parts sent as null (cleared) by PATCH /profiles/{id}/attributes; unset parts are not sent and stay.</summary>
    [JsonIgnore]
    public ISet<string> Cleared { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Clears these parts (JSON names: "remote", "relocation", "yearsOfExperience", "availableFrom", "location", …) when
    /// sent to PATCH /profiles/{id}/attributes: <c>new ProfileAttributesInput().Clearing("remote", "yearsOfExperience")</c>.
    /// A cleared yearsOfExperience brings back the years the questionnaire states. Custom values are removed one by one
    /// with a null in <see cref="Custom"/>.
    /// </summary>
    public ProfileAttributesInput Clearing(params string[] parts)
    {
        foreach (var part in parts)
        {
            if (Array.IndexOf(Parts, part) < 0)
                throw new ArgumentException($"'{part}' is not a part of the attributes; one of: {string.Join(", ", Parts)}.", nameof(parts));
            Cleared.Add(part);
        }
        return this;
    }
}

public partial class ProfilesClient { static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => MatchingClient.Configure(settings); }
public partial class JobsClient { static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => MatchingClient.Configure(settings); }
public partial class CustomFieldsClient { static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => MatchingClient.Configure(settings); }
public partial class MatchClient { static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => MatchingClient.Configure(settings); }
public partial class ScoringRunsClient { static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => MatchingClient.Configure(settings); }
public partial class SkillsClient { static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => MatchingClient.Configure(settings); }
public partial class TaxonomyClient { static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => MatchingClient.Configure(settings); }
public partial class HealthClient { static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => MatchingClient.Configure(settings); }
public partial class ReextractionsClient { static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => MatchingClient.Configure(settings); }
