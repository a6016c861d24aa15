using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Matching.Api.Infrastructure;
using Matching.Core.Profiles;
using Matching.Data;

namespace Matching.Api.Features.Search;

/// <summary>
/// What a candidate is besides skills, as the HR system states it. Every part is optional. On POST /profiles (and each batch
/// item) the attributes given replace the stored ones (absent: a re-ingest keeps them). PATCH /profiles/{id}/attributes merges
/// (RFC 7386): a part present replaces the stored part, null clears it, an absent part is kept; custom merges per key (null
/// removes the key).
/// </summary>
[NJsonSchema.Annotations.JsonSchema("ProfileAttributesInput")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class AttributesInput
{
    private readonly HashSet<string> _present = new(StringComparer.Ordinal);

    /// <summary>Which parts the JSON named (null included): what a merge patch changes.</summary>
    [JsonIgnore]
    public IReadOnlySet<string> Present => _present;

    /// <summary>Where the candidate is: country (ISO 3166-1 alpha-2), city, optional coordinates (both lat and lon).</summary>
    public LocationInput? Location { get; set { field = value; _present.Add("location"); } }
    /// <summary>Open to remote work.</summary>
    public bool? Remote { get; set { field = value; _present.Add("remote"); } }
    /// <summary>Open to relocation.</summary>
    public bool? Relocation { get; set { field = value; _present.Add("relocation"); } }
    /// <summary>Spoken languages with their level (at most 20).</summary>
    public List<LanguageInput>? Languages { get; set { field = value; _present.Add("languages"); } }
    /// <summary>Total years of professional experience, 0–70. When absent, the years the questionnaire states are used.</summary>
    public double? YearsOfExperience { get; set { field = value; _present.Add("yearsOfExperience"); } }
    /// <summary>Salary expectation: amount, ISO 4217 currency, period (hour, month or year).</summary>
    public SalaryInput? Salary { get; set { field = value; _present.Add("salary"); } }
    /// <summary>The first day the candidate can start (yyyy-MM-dd).</summary>
    public DateOnly? AvailableFrom { get; set { field = value; _present.Add("availableFrom"); } }
    /// <summary>Free tags (at most 50, each 1–50 characters); stored trimmed and lower case.</summary>
    public List<string>? Tags { get; set { field = value; _present.Add("tags"); } }
    /// <summary>Values of declared custom fields (GET /custom-fields): a string, a number or a date (yyyy-MM-dd string) as the key was declared.</summary>
    public Dictionary<string, JsonElement>? Custom { get; set { field = value; _present.Add("custom"); } }
}

/// <summary>Where the candidate is.</summary>
[NJsonSchema.Annotations.JsonSchema("LocationInput")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class LocationInput
{
    /// <summary>ISO 3166-1 alpha-2 country code (DE, RU); stored upper case.</summary>
    public string? Country { get; set; }
    /// <summary>The city (compared case-insensitively).</summary>
    public string? City { get; set; }
    /// <summary>Latitude in degrees, −90 to 90; give lon too.</summary>
    public double? Lat { get; set; }
    /// <summary>Longitude in degrees, −180 to 180; give lat too.</summary>
    public double? Lon { get; set; }
}

/// <summary>A spoken language.</summary>
[NJsonSchema.Annotations.JsonSchema("LanguageInput")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class LanguageInput
{
    /// <summary>ISO 639-1 code (en, ru).</summary>
    public string? Code { get; set; }
    /// <summary>A1, A2, B1, B2, C1, C2 or native.</summary>
    public string? Level { get; set; }
}

/// <summary>A salary expectation.</summary>
[NJsonSchema.Annotations.JsonSchema("SalaryInput")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SalaryInput
{
    /// <summary>The amount, 0 or more.</summary>
    public decimal? Amount { get; set; }
    /// <summary>ISO 4217 currency code (EUR, RUB).</summary>
    public string? Currency { get; set; }
    /// <summary>hour, month or year (default year).</summary>
    public string? Period { get; set; }
}

/// <summary>A profile's attributes as stored (normalised: country upper case, language codes and tags lower case).</summary>
/// <param name="Location">Where the candidate is, or null.</param>
/// <param name="Remote">Open to remote work, or null when not stated.</param>
/// <param name="Relocation">Open to relocation, or null when not stated.</param>
/// <param name="Languages">Spoken languages with level.</param>
/// <param name="YearsOfExperience">Total years of experience, or null.</param>
/// <param name="YearsOfExperienceSource">hr (set by the HR system) or questionnaire (stated in it); null when unknown.</param>
/// <param name="Salary">The salary expectation, or null.</param>
/// <param name="AvailableFrom">The first day the candidate can start, or null.</param>
/// <param name="Tags">Tags, sorted.</param>
/// <param name="Custom">Custom field values by key: strings, numbers, or dates as yyyy-MM-dd strings.</param>
public sealed record AttributesDto(
    LocationDto? Location,
    bool? Remote,
    bool? Relocation,
    IReadOnlyList<LanguageDto> Languages,
    double? YearsOfExperience,
    string? YearsOfExperienceSource,
    SalaryDto? Salary,
    DateOnly? AvailableFrom,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, object> Custom)
{
    public static AttributesDto From(ProfileAttributes? a, string? yearsSource = null)
    {
        a ??= ProfileAttributes.None;
        return new AttributesDto(
            a.Location is { } l ? new LocationDto(l.Country, l.City, l.Lat, l.Lon) : null,
            a.Remote, a.Relocation,
            a.Languages.Select(x => new LanguageDto(x.Code, SearchDocuments.LevelName(x.Level))).ToList(),
            a.YearsOfExperience,
            a.YearsOfExperience is null ? null : yearsSource,
            a.Salary is { } s ? new SalaryDto(s.Amount, s.Currency, SearchDocuments.PeriodName(s.Period)) : null,
            a.AvailableFrom,
            a.Tags,
            a.Custom.ToDictionary(kv => kv.Key, kv => ValueOf(kv.Value), StringComparer.Ordinal));
    }

    /// <summary>A custom value as JSON carries it.</summary>
    public static object ValueOf(CustomValue v) => v.Type switch
    {
        CustomFieldType.String => v.Text ?? "",
        CustomFieldType.Number => v.Number,
        _ => v.ToString(),
    };
}

/// <summary>Where the candidate is, as stored.</summary>
/// <param name="Country">ISO 3166-1 alpha-2 code, upper case.</param>
/// <param name="City">The city as given (trimmed).</param>
/// <param name="Lat">Latitude in degrees, or null.</param>
/// <param name="Lon">Longitude in degrees, or null.</param>
public sealed record LocationDto(string? Country, string? City, double? Lat, double? Lon);

/// <summary>A spoken language, as stored.</summary>
/// <param name="Code">ISO 639-1 code, lower case.</param>
/// <param name="Level">A1, A2, B1, B2, C1, C2 or native.</param>
public sealed record LanguageDto(string Code, string Level);

/// <summary>A salary expectation, as stored.</summary>
/// <param name="Amount">The amount.</param>
/// <param name="Currency">ISO 4217 code, upper case.</param>
/// <param name="Period">hour, month or year.</param>
public sealed record SalaryDto(decimal Amount, string Currency, string Period);

/// <summary>Checks attribute input against the declared custom fields and turns it into <see cref="ProfileAttributes"/>.</summary>
public static partial class AttributeRules
{
    public const int MaxLanguages = 20;
    public const int MaxTags = 50;
    public const int MaxTagLength = 50;
    public const int MaxCustom = 50;
    public const int MaxText = 200;
    public const double MaxYears = 70;

    [GeneratedRegex("^[A-Za-z]{2}$")] private static partial Regex TwoLetters();
    [GeneratedRegex("^[A-Za-z]{3}$")] private static partial Regex ThreeLetters();
    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")] public static partial Regex CustomKey();

    /// <summary>
    /// The attributes <paramref name="input"/> states, merged over <paramref name="current"/> when given (a merge patch);
    /// problems are added to <paramref name="errors"/> with paths under <paramref name="prefix"/> (null when there are any).
    /// </summary>
    public static ProfileAttributes? Build(AttributesInput input, string prefix, IReadOnlyDictionary<string, CustomFieldDefinition> declared,
        List<FieldError> errors, ProfileAttributes? current = null)
    {
        var before = errors.Count;
        var patch = current is not null;
        var result = current ?? ProfileAttributes.None;
        bool Named(string part) => input.Present.Contains(part) || !patch;

        if (Named("location"))
        {
            GeoLocation? location = null;
            if (input.Location is { } l)
            {
                if (l.Country is not null && !TwoLetters().IsMatch(l.Country.Trim()))
                    errors.Add(new FieldError($"{prefix}location.country", "location.country must be an ISO 3166-1 alpha-2 code (two letters, e.g. DE)."));
                if (l.City is not null && (l.City.Trim().Length is 0 or > MaxText || l.City.Any(char.IsControl)))
                    errors.Add(new FieldError($"{prefix}location.city", $"location.city must be 1–{MaxText} characters without control characters."));
                if (l.Lat is { } lat && !(lat is >= -90 and <= 90))
                    errors.Add(new FieldError($"{prefix}location.lat", "location.lat must be between -90 and 90."));
                if (l.Lon is { } lon && !(lon is >= -180 and <= 180))
                    errors.Add(new FieldError($"{prefix}location.lon", "location.lon must be between -180 and 180."));
                if (l.Lat.HasValue != l.Lon.HasValue)
                    errors.Add(new FieldError($"{prefix}location.{(l.Lat.HasValue ? "lon" : "lat")}", "Give both location.lat and location.lon, or neither."));
                location = new GeoLocation(l.Country, l.City, l.Lat, l.Lon);
            }
            result = result with { Location = location };
        }
        if (Named("remote")) result = result with { Remote = input.Remote };
        if (Named("relocation")) result = result with { Relocation = input.Relocation };
        if (Named("languages"))
        {
            var languages = new List<SpokenLanguage>();
            if (input.Languages is { } list)
            {
                if (list.Count > MaxLanguages) errors.Add(new FieldError($"{prefix}languages", $"At most {MaxLanguages} languages."));
                for (var i = 0; i < list.Count; i++)
                {
                    var x = list[i];
                    if (x?.Code is null || !TwoLetters().IsMatch(x.Code.Trim()))
                        errors.Add(new FieldError($"{prefix}languages[{i}].code", "A language code must be ISO 639-1 (two letters, e.g. en)."));
                    if (!SearchDocuments.TryParseLevel(x?.Level, out var level))
                        errors.Add(new FieldError($"{prefix}languages[{i}].level", "level must be one of: A1, A2, B1, B2, C1, C2, native."));
                    else if (x?.Code is not null) languages.Add(new SpokenLanguage(x.Code, level));
                }
            }
            result = result with { Languages = languages };
        }
        if (Named("yearsOfExperience"))
        {
            if (input.YearsOfExperience is { } y && !(y is >= 0 and <= MaxYears))
                errors.Add(new FieldError($"{prefix}yearsOfExperience", $"yearsOfExperience must be between 0 and {MaxYears}."));
            result = result with { YearsOfExperience = input.YearsOfExperience };
        }
        if (Named("salary"))
        {
            SalaryExpectation? salary = null;
            if (input.Salary is { } s)
            {
                if (s.Amount is not { } amount || amount < 0)
                    errors.Add(new FieldError($"{prefix}salary.amount", "salary.amount is required and must be 0 or more."));
                if (s.Currency is null || !ThreeLetters().IsMatch(s.Currency.Trim()))
                    errors.Add(new FieldError($"{prefix}salary.currency", "salary.currency must be an ISO 4217 code (three letters, e.g. EUR)."));
                if (!SearchDocuments.TryParsePeriod(s.Period ?? "year", out var period))
                    errors.Add(new FieldError($"{prefix}salary.period", "salary.period must be one of: hour, month, year."));
                if (s.Amount is { } a && s.Currency is { } c) salary = new SalaryExpectation(a, c.Trim().ToUpperInvariant(), period);
            }
            result = result with { Salary = salary };
        }
        if (Named("availableFrom")) result = result with { AvailableFrom = input.AvailableFrom };
        if (Named("tags"))
        {
            var tags = input.Tags ?? [];
            if (tags.Count > MaxTags) errors.Add(new FieldError($"{prefix}tags", $"At most {MaxTags} tags."));
            for (var i = 0; i < tags.Count; i++)
                if (tags[i] is null || tags[i].Trim().Length is 0 or > MaxTagLength || tags[i].Any(char.IsControl))
                    errors.Add(new FieldError($"{prefix}tags[{i}]", $"A tag must be 1–{MaxTagLength} characters without control characters."));
            result = result with { Tags = tags.Where(t => t is not null).ToList() };
        }
        if (Named("custom"))
        {
            var custom = patch && input.Custom is not null
                ? new Dictionary<string, CustomValue>(result.Custom, StringComparer.Ordinal)
                : new Dictionary<string, CustomValue>(StringComparer.Ordinal);
            foreach (var (key, value) in input.Custom ?? [])
            {
                var path = $"{prefix}custom.{key}";
                if (!declared.TryGetValue(key, out var field))
                {
                    errors.Add(new FieldError(path, $"'{key}' is not a declared custom field (PUT /custom-fields/{{key}} declares one)."));
                    continue;
                }
                if (value.ValueKind == JsonValueKind.Null)
                {
                    custom.Remove(key);
                    continue;
                }
                if (ParseValue(value, field.Type, path, errors) is { } parsed) custom[key] = parsed;
            }
            if (custom.Count > MaxCustom) errors.Add(new FieldError($"{prefix}custom", $"At most {MaxCustom} custom fields."));
            result = result with { Custom = custom };
        }
        return errors.Count > before ? null : result.Normalise();
    }

    /// <summary>A JSON value of a custom field of <paramref name="type"/>, or null with an error.</summary>
    public static CustomValue? ParseValue(JsonElement value, CustomFieldType type, string path, List<FieldError> errors)
    {
        switch (type)
        {
            case CustomFieldType.String when value.ValueKind == JsonValueKind.String:
                var text = value.GetString()!;
                if (text.Length <= MaxText && !text.Any(char.IsControl)) return CustomValue.Of(text.Trim());
                errors.Add(new FieldError(path, $"A string value is at most {MaxText} characters without control characters."));
                return null;
            case CustomFieldType.Number when value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number):
                return CustomValue.Of(number);
            case CustomFieldType.Date when value.ValueKind == JsonValueKind.String
                && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                return CustomValue.Of(date);
            default:
                errors.Add(new FieldError(path, type switch
                {
                    CustomFieldType.String => "This custom field is declared as a string; give a JSON string.",
                    CustomFieldType.Number => "This custom field is declared as a number; give a JSON number.",
                    _ => "This custom field is declared as a date; give a yyyy-MM-dd string.",
                }));
                return null;
        }
    }

    /// <summary>The 400 answer for <paramref name="errors"/>, as validators send it.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(IReadOnlyList<FieldError> errors)
    {
        var distinct = errors.DistinctBy(e => (e.Name, e.Reason)).ToList();
        var detail = distinct.Count == 1
            ? distinct[0].Reason
            : $"{distinct.Count} problems: " + string.Join(" ", distinct.Select(e => e.Reason.EndsWith('.') ? e.Reason : e.Reason + "."));
        return Problems.Result(ProblemTypes.ValidationFailed, detail, new Dictionary<string, object?> { ["errors"] = distinct });
    }
}
