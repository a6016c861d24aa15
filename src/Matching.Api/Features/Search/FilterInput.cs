using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Matching.Api.Infrastructure;
using Matching.Core.Profiles;
using Matching.Core.Scoring;
using Matching.Data;

namespace Matching.Api.Features.Search;

/// <summary>
/// Which candidates a match may return besides the skill ranking. Parts combine with AND; a part on an attribute keeps only
/// profiles that state that attribute (no location: never passes a location filter).
/// </summary>
[NJsonSchema.Annotations.JsonSchema("MatchFilter")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class FilterInput
{
    /// <summary>Countries (any of), cities (any of) and a radius around a point; the given parts combine with AND.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LocationFilterInput? Location { get; set; }
    /// <summary>Only candidates who state this remote preference.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Remote { get; set; }
    /// <summary>Only candidates who state this relocation preference.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Relocation { get; set; }
    /// <summary>Every listed language, each at least at minLevel (absent: any level).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<LanguageFilterInput>? Languages { get; set; }
    /// <summary>Total years of experience within min–max (inclusive; either bound may be absent).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RangeInput? YearsOfExperience { get; set; }
    /// <summary>Salary expectation at most max in currency per period (compared per year; other currencies do not pass).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SalaryFilterInput? Salary { get; set; }
    /// <summary>Only candidates available on or before this day (availableFrom ≤ it).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? AvailableBy { get; set; }
    /// <summary>All of all, at least one of any, none of none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TagsFilterInput? Tags { get; set; }
    /// <summary>No candidate holding any of these skills (id, name or alias; held, set by a recruiter, or implied by a child).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? ExcludeSkills { get; set; }
    /// <summary>Per declared custom field, a condition: eq, in, min, max (min/max for number and date fields).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, CustomConditionInput>? Custom { get; set; }
}

/// <summary>A location condition.</summary>
[NJsonSchema.Annotations.JsonSchema("LocationFilter")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class LocationFilterInput
{
    /// <summary>ISO 3166-1 alpha-2 codes; any of them.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Countries { get; set; }
    /// <summary>Cities (case-insensitive); any of them.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Cities { get; set; }
    /// <summary>Within km of a point: lat, lon and km are all required.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public NearInput? Near { get; set; }
}

/// <summary>A radius around a point.</summary>
[NJsonSchema.Annotations.JsonSchema("NearFilter")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class NearInput
{
    /// <summary>Latitude, −90 to 90.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Lat { get; set; }
    /// <summary>Longitude, −180 to 180.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Lon { get; set; }
    /// <summary>Radius in kilometres, above 0 (at most 20000).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Km { get; set; }
}

/// <summary>A language requirement.</summary>
[NJsonSchema.Annotations.JsonSchema("LanguageFilter")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class LanguageFilterInput
{
    /// <summary>ISO 639-1 code (en).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Code { get; set; }
    /// <summary>The lowest acceptable level: A1, A2, B1, B2, C1, C2 or native; absent accepts any.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MinLevel { get; set; }
}

/// <summary>An inclusive range; a missing bound is open.</summary>
[NJsonSchema.Annotations.JsonSchema("NumberRange")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class RangeInput
{
    /// <summary>The lowest value (inclusive).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Min { get; set; }
    /// <summary>The highest value (inclusive).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Max { get; set; }
}

/// <summary>A salary ceiling.</summary>
[NJsonSchema.Annotations.JsonSchema("SalaryFilter")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SalaryFilterInput
{
    /// <summary>The highest acceptable expectation (required, 0 or more).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? Max { get; set; }
    /// <summary>ISO 4217 currency (required).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Currency { get; set; }
    /// <summary>The period max is per: hour, month or year (default year).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Period { get; set; }
}

/// <summary>Tag sets.</summary>
[NJsonSchema.Annotations.JsonSchema("TagsFilter")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class TagsFilterInput
{
    /// <summary>Every one of these tags.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? All { get; set; }
    /// <summary>At least one of these tags.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Any { get; set; }
    /// <summary>None of these tags.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? None { get; set; }
}

/// <summary>A condition on one custom field; the given parts combine with AND. Values have the field's declared type.</summary>
[NJsonSchema.Annotations.JsonSchema("CustomCondition")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class CustomConditionInput
{
    /// <summary>Equal to this value (strings compare case-insensitively).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Eq { get; set; }
    /// <summary>One of these values.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<JsonElement>? In { get; set; }
    /// <summary>At least this value (number and date fields).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Min { get; set; }
    /// <summary>At most this value (number and date fields).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Max { get; set; }
}

/// <summary>Checks a filter and turns it into a <see cref="MatchFilter"/>.</summary>
public static partial class FilterRules
{
    public const int MaxListItems = 100;

    /// <summary>The facet names /match accepts besides custom.&lt;declared key&gt;.</summary>
    public static readonly string[] FacetNames = ["location.country", "location.city", "remote", "relocation", "languages", "tags", "skills"];

    [GeneratedRegex("^[A-Za-z]{2}$")] private static partial Regex TwoLetters();
    [GeneratedRegex("^[A-Za-z]{3}$")] private static partial Regex ThreeLetters();

    /// <summary>
    /// The filter, or null with the problems in <paramref name="errors"/> (paths under <paramref name="prefix"/>) and the
    /// skills of excludeSkills that resolve to nothing in <paramref name="unknown"/>.
    /// </summary>
    public static MatchFilter? Build(FilterInput input, string prefix, IReadOnlyDictionary<string, CustomFieldDefinition> declared,
        SkillResolver resolver, List<FieldError> errors, List<UnknownSkill> unknown)
    {
        var before = errors.Count;
        void Error(string path, string reason) => errors.Add(new FieldError(prefix + path, reason));
        void Count<T>(List<T>? list, string path)
        {
            if (list is { Count: > MaxListItems }) Error(path, $"At most {MaxListItems} items.");
        }

        LocationFilter? location = null;
        if (input.Location is { } l)
        {
            Count(l.Countries, "location.countries");
            Count(l.Cities, "location.cities");
            for (var i = 0; i < (l.Countries?.Count ?? 0); i++)
                if (l.Countries![i] is not { } c || !TwoLetters().IsMatch(c.Trim()))
                    Error($"location.countries[{i}]", "A country must be an ISO 3166-1 alpha-2 code (two letters, e.g. DE).");
            for (var i = 0; i < (l.Cities?.Count ?? 0); i++)
                if (l.Cities![i] is not { } c || c.Trim().Length is 0 or > AttributeRules.MaxText)
                    Error($"location.cities[{i}]", $"A city must be 1–{AttributeRules.MaxText} characters.");
            NearPoint? near = null;
            if (l.Near is { } n)
            {
                if (n.Lat is not { } lat) Error("location.near.lat", "A radius needs lat, lon and km: lat is missing.");
                else if (!(lat is >= -90 and <= 90)) Error("location.near.lat", "location.near.lat must be between -90 and 90.");
                if (n.Lon is not { } lon) Error("location.near.lon", "A radius needs lat, lon and km: lon is missing.");
                else if (!(lon is >= -180 and <= 180)) Error("location.near.lon", "location.near.lon must be between -180 and 180.");
                if (n.Km is not { } km) Error("location.near.km", "A radius needs lat, lon and km: km is missing.");
                else if (!(km is > 0 and <= 20000)) Error("location.near.km", "location.near.km must be above 0 and at most 20000.");
                if (n is { Lat: { } a, Lon: { } o, Km: { } k }) near = new NearPoint(a, o, k);
            }
            location = new LocationFilter(l.Countries?.Where(c => c is not null).ToList(), l.Cities?.Where(c => c is not null).ToList(), near);
        }

        List<LanguageRequirement>? languages = null;
        if (input.Languages is { } langs)
        {
            Count(langs, "languages");
            languages = [];
            for (var i = 0; i < langs.Count; i++)
            {
                var x = langs[i];
                if (x?.Code is null || !TwoLetters().IsMatch(x.Code.Trim()))
                {
                    Error($"languages[{i}].code", "A language code must be ISO 639-1 (two letters, e.g. en).");
                    continue;
                }
                LanguageLevel? min = null;
                if (x.MinLevel is not null)
                {
                    if (SearchDocuments.TryParseLevel(x.MinLevel, out var level)) min = level;
                    else Error($"languages[{i}].minLevel", "minLevel must be one of: A1, A2, B1, B2, C1, C2, native.");
                }
                languages.Add(new LanguageRequirement(x.Code.Trim().ToLowerInvariant(), min));
            }
        }

        NumberRange? years = null;
        if (input.YearsOfExperience is { } y)
        {
            if (y.Min is < 0) Error("yearsOfExperience.min", "yearsOfExperience.min must be 0 or more.");
            if (y.Max is < 0) Error("yearsOfExperience.max", "yearsOfExperience.max must be 0 or more.");
            if (y is { Min: { } min, Max: { } max } && min > max) Error("yearsOfExperience", "yearsOfExperience.min is above max.");
            years = new NumberRange(y.Min, y.Max);
        }

        SalaryFilter? salary = null;
        if (input.Salary is { } s)
        {
            if (s.Max is not { } max || max < 0) Error("salary.max", "salary.max is required and must be 0 or more.");
            if (s.Currency is null || !ThreeLetters().IsMatch(s.Currency.Trim()))
                Error("salary.currency", "salary.currency is required: an ISO 4217 code (three letters, e.g. EUR).");
            if (!SearchDocuments.TryParsePeriod(s.Period ?? "year", out var period)) Error("salary.period", "salary.period must be one of: hour, month, year.");
            if (s is { Max: { } m, Currency: { } cur }) salary = new SalaryFilter(m, cur.Trim().ToUpperInvariant(), period);
        }

        TagFilter? tags = null;
        if (input.Tags is { } t)
        {
            foreach (var (list, name) in new[] { (t.All, "all"), (t.Any, "any"), (t.None, "none") })
            {
                Count(list, $"tags.{name}");
                for (var i = 0; i < (list?.Count ?? 0); i++)
                    if (list![i] is not { } tag || tag.Trim().Length is 0 or > AttributeRules.MaxTagLength)
                        Error($"tags.{name}[{i}]", $"A tag must be 1–{AttributeRules.MaxTagLength} characters.");
            }
            tags = new TagFilter(t.All?.Where(x => x is not null).ToList(), t.Any?.Where(x => x is not null).ToList(),
                t.None?.Where(x => x is not null).ToList());
        }

        List<string>? exclude = null;
        if (input.ExcludeSkills is { } ex)
        {
            Count(ex, "excludeSkills");
            exclude = [];
            for (var i = 0; i < ex.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(ex[i]) || ex[i].Length > 200)
                {
                    Error($"excludeSkills[{i}]", "A skill must be 1–200 characters.");
                    continue;
                }
                if (resolver.Resolve(ex[i]) is { } hit) exclude.Add(hit.Skill.Id);
                else unknown.Add(UnknownSkills.For(ex[i], resolver));
            }
            exclude = exclude.Distinct(StringComparer.Ordinal).ToList();
        }

        Dictionary<string, CustomCondition>? custom = null;
        if (input.Custom is { } conditions)
        {
            custom = new Dictionary<string, CustomCondition>(StringComparer.Ordinal);
            foreach (var (key, c) in conditions)
            {
                var path = $"custom.{key}";
                if (!declared.TryGetValue(key, out var field))
                {
                    Error(path, $"'{key}' is not a declared custom field (GET /custom-fields lists them).");
                    continue;
                }
                if (c is null || c.Eq is null && c.In is null && c.Min is null && c.Max is null)
                {
                    Error(path, "A custom condition needs eq, in, min or max.");
                    continue;
                }
                if (field.Type == CustomFieldType.String && (c.Min is not null || c.Max is not null))
                {
                    Error(path, $"'{key}' is a string field: use eq or in (min and max are for number and date fields).");
                    continue;
                }
                var local = new List<FieldError>();
                CustomValue? Value(JsonElement? e, string part) =>
                    e is { } v ? AttributeRules.ParseValue(v, field.Type, $"{prefix}{path}.{part}", local) : null;
                var eq = Value(c.Eq, "eq");
                var @in = c.In?.Select((v, i) => Value(v, $"in[{i}]")).Where(v => v is not null).Select(v => v!.Value).ToList();
                var min = Value(c.Min, "min");
                var max = Value(c.Max, "max");
                if (c.In is { Count: > MaxListItems }) local.Add(new FieldError($"{prefix}{path}.in", $"At most {MaxListItems} items."));
                errors.AddRange(local);
                if (local.Count == 0) custom[key] = new CustomCondition(eq, @in, min, max);
            }
        }

        if (errors.Count > before) return null;
        return new MatchFilter
        {
            Location = location,
            Remote = input.Remote,
            Relocation = input.Relocation,
            Languages = languages,
            YearsOfExperience = years,
            Salary = salary,
            AvailableBy = input.AvailableBy,
            Tags = tags,
            ExcludeSkills = exclude,
            Custom = custom,
        };
    }

    /// <summary>Unknown facet names, as field errors under <paramref name="path"/>.</summary>
    public static void CheckFacets(IReadOnlyList<string>? facets, string path, IReadOnlyDictionary<string, CustomFieldDefinition> declared,
        List<FieldError> errors)
    {
        if (facets is null) return;
        if (facets.Count > 20) errors.Add(new FieldError(path, "At most 20 facets."));
        for (var i = 0; i < facets.Count; i++)
        {
            var name = facets[i];
            var ok = name is not null && (FacetNames.Contains(name, StringComparer.Ordinal)
                || name.StartsWith("custom.", StringComparison.Ordinal) && declared.ContainsKey(name["custom.".Length..]));
            if (!ok)
                errors.Add(new FieldError($"{path}[{i}]",
                    $"'{name}' is not a facet: use {string.Join(", ", FacetNames)} or custom.<declared key>."));
        }
    }

    /// <summary>A filter in the shape a client writes it, for reading back (jobs' default filters, the filter /match applied).</summary>
    public static FilterInput? ToDto(MatchFilter? f) => f is null || f.IsEmpty ? null : new FilterInput
    {
        Location = f.Location is { IsEmpty: false } l
            ? new LocationFilterInput
            {
                Countries = l.Countries?.ToList(),
                Cities = l.Cities?.ToList(),
                Near = l.Near is { } n ? new NearInput { Lat = n.Lat, Lon = n.Lon, Km = n.Km } : null,
            }
            : null,
        Remote = f.Remote,
        Relocation = f.Relocation,
        Languages = f.Languages?.Select(x => new LanguageFilterInput { Code = x.Code, MinLevel = x.MinLevel is { } m ? SearchDocuments.LevelName(m) : null }).ToList(),
        YearsOfExperience = f.YearsOfExperience is { } y ? new RangeInput { Min = y.Min, Max = y.Max } : null,
        Salary = f.Salary is { } s ? new SalaryFilterInput { Max = s.Max, Currency = s.Currency, Period = SearchDocuments.PeriodName(s.Period) } : null,
        AvailableBy = f.AvailableBy,
        Tags = f.Tags is { IsEmpty: false } t ? new TagsFilterInput { All = t.All?.ToList(), Any = t.Any?.ToList(), None = t.None?.ToList() } : null,
        ExcludeSkills = f.ExcludeSkills?.ToList(),
        Custom = f.Custom?.ToDictionary(kv => kv.Key, kv => new CustomConditionInput
        {
            Eq = kv.Value.Eq is { } eq ? Element(eq) : null,
            In = kv.Value.In?.Select(Element).ToList(),
            Min = kv.Value.Min is { } min ? Element(min) : null,
            Max = kv.Value.Max is { } max ? Element(max) : null,
        }, StringComparer.Ordinal),
    };

    private static JsonElement Element(CustomValue v) => JsonSerializer.SerializeToElement(AttributesDto.ValueOf(v));
}
