using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Matching.Core.Profiles;
using Matching.Core.Scoring;

namespace Matching.Data;

/// <summary>A profile's stored attributes (see <see cref="SearchDocuments.ReadAttributes"/>).</summary>
/// <param name="Attributes">As the profile carries them: yearsOfExperience the HR system's, else the questionnaire's.</param>
/// <param name="Stated">As the HR system stated them (yearsOfExperience null when it stated none).</param>
/// <param name="YearsSource">hr, questionnaire, or null when no years are known.</param>
/// <param name="QuestionnaireYears">The years the questionnaire states, or null.</param>
public sealed record StoredAttributes(ProfileAttributes Attributes, ProfileAttributes Stated, string? YearsSource, double? QuestionnaireYears);

/// <summary>
/// How profile attributes (<c>profiles.attributes</c>) and a job's default filter (<c>jobs.filter</c>) are stored: JSON
/// documents in the API's own shape, so a row reads the same in psql as in a response. Custom values carry their type
/// (<c>{"s": "senior"}</c>, <c>{"n": 5}</c>, <c>{"d": "2025-09-01"}</c>), so reading needs no declaration.
/// </summary>
public static class SearchDocuments
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Where a stored <c>yearsOfExperience</c> came from.</summary>
    public const string FromHrSystem = "hr";
    public const string FromQuestionnaire = "questionnaire";

    // ---- attributes ---------------------------------------------------------------------------------------------

    /// <summary>
    /// The document of the attributes the HR system stated (<paramref name="attributes"/>; its yearsOfExperience is the HR
    /// system's, null when it stated none) and the years the questionnaire states (<paramref name="questionnaireYears"/>),
    /// kept apart so a new questionnaire or clearing the HR value brings the questionnaire's back.
    /// </summary>
    public static string WriteAttributes(ProfileAttributes? attributes, double? questionnaireYears = null)
    {
        if ((attributes is null || attributes.IsEmpty) && questionnaireYears is null) return "{}";
        var a = (attributes ?? ProfileAttributes.None).Normalise();
        var doc = new AttributesDoc
        {
            Location = a.Location is { } l ? new LocationDoc { Country = l.Country, City = l.City, Lat = l.Lat, Lon = l.Lon } : null,
            Remote = a.Remote,
            Relocation = a.Relocation,
            Languages = a.Languages.Count == 0 ? null : a.Languages.Select(x => new LanguageDoc { Code = x.Code, Level = LevelName(x.Level) }).ToList(),
            YearsOfExperience = a.YearsOfExperience,
            QuestionnaireYears = questionnaireYears,
            Salary = a.Salary is { } s ? new SalaryDoc { Amount = s.Amount, Currency = s.Currency, Period = PeriodName(s.Period) } : null,
            AvailableFrom = a.AvailableFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Tags = a.Tags.Count == 0 ? null : a.Tags.ToList(),
            Custom = a.Custom.Count == 0 ? null : a.Custom.ToDictionary(kv => kv.Key, kv => ValueDoc.Of(kv.Value), StringComparer.Ordinal),
        };
        return JsonSerializer.Serialize(doc, Options);
    }

    /// <summary>
    /// The stored attributes: <see cref="StoredAttributes.Attributes"/> as profiles carry and the index filters them
    /// (yearsOfExperience the HR system's, else the questionnaire's), <see cref="StoredAttributes.Stated"/> as the HR system
    /// stated them (what a merge patch merges over), and where yearsOfExperience came from.
    /// </summary>
    public static StoredAttributes ReadAttributes(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || json == "{}") return new StoredAttributes(ProfileAttributes.None, ProfileAttributes.None, null, null);
        var doc = JsonSerializer.Deserialize<AttributesDoc>(json, Options) ?? new AttributesDoc();
        var stated = new ProfileAttributes
        {
            Location = doc.Location is { } l ? new GeoLocation(l.Country, l.City, l.Lat, l.Lon) : null,
            Remote = doc.Remote,
            Relocation = doc.Relocation,
            Languages = doc.Languages?.Select(x => new SpokenLanguage(x.Code, ParseLevel(x.Level))).ToList() ?? [],
            YearsOfExperience = doc.YearsOfExperience,
            Salary = doc.Salary is { } s ? new SalaryExpectation(s.Amount, s.Currency, ParsePeriod(s.Period)) : null,
            AvailableFrom = doc.AvailableFrom is { } d ? DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            Tags = doc.Tags ?? [],
            Custom = doc.Custom?.ToDictionary(kv => kv.Key, kv => kv.Value.ToValue(), StringComparer.Ordinal)
                     ?? new Dictionary<string, CustomValue>(StringComparer.Ordinal),
        };
        var effective = stated.YearsOfExperience is null && doc.QuestionnaireYears is { } q ? stated with { YearsOfExperience = q } : stated;
        var source = stated.YearsOfExperience is not null ? FromHrSystem : doc.QuestionnaireYears is not null ? FromQuestionnaire : null;
        return new StoredAttributes(effective, stated, source, doc.QuestionnaireYears);
    }

    // ---- filters ------------------------------------------------------------------------------------------------

    public static string? WriteFilter(MatchFilter? filter)
    {
        if (filter is null || filter.IsEmpty) return null;
        var doc = new FilterDoc
        {
            Location = filter.Location is { IsEmpty: false } l
                ? new LocationFilterDoc
                {
                    Countries = l.Countries?.ToList(),
                    Cities = l.Cities?.ToList(),
                    Near = l.Near is { } n ? new NearDoc { Lat = n.Lat, Lon = n.Lon, Km = n.Km } : null,
                }
                : null,
            Remote = filter.Remote,
            Relocation = filter.Relocation,
            Languages = filter.Languages?.Select(x => new LanguageFilterDoc { Code = x.Code, MinLevel = x.MinLevel is { } m ? LevelName(m) : null }).ToList(),
            YearsOfExperience = filter.YearsOfExperience is { } y ? new RangeDoc { Min = y.Min, Max = y.Max } : null,
            Salary = filter.Salary is { } s ? new SalaryFilterDoc { Max = s.Max, Currency = s.Currency, Period = PeriodName(s.Period) } : null,
            AvailableBy = filter.AvailableBy?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Tags = filter.Tags is { IsEmpty: false } t ? new TagsDoc { All = t.All?.ToList(), Any = t.Any?.ToList(), None = t.None?.ToList() } : null,
            ExcludeSkills = filter.ExcludeSkills?.ToList(),
            // Keys in ordinal order: one filter, one document (jsonb reorders keys; the cursor hashes this text).
            Custom = filter.Custom?.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => new ConditionDoc
            {
                Eq = kv.Value.Eq is { } eq ? ValueDoc.Of(eq) : null,
                In = kv.Value.In?.Select(ValueDoc.Of).ToList(),
                Min = kv.Value.Min is { } min ? ValueDoc.Of(min) : null,
                Max = kv.Value.Max is { } max ? ValueDoc.Of(max) : null,
            }, StringComparer.Ordinal),
        };
        return JsonSerializer.Serialize(doc, Options);
    }

    public static MatchFilter? ReadFilter(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        var doc = JsonSerializer.Deserialize<FilterDoc>(json, Options);
        if (doc is null) return null;
        return new MatchFilter
        {
            Location = doc.Location is { } l
                ? new LocationFilter(l.Countries, l.Cities, l.Near is { } n ? new NearPoint(n.Lat, n.Lon, n.Km) : null)
                : null,
            Remote = doc.Remote,
            Relocation = doc.Relocation,
            Languages = doc.Languages?.Select(x => new LanguageRequirement(x.Code, x.MinLevel is { } m ? ParseLevel(m) : null)).ToList(),
            YearsOfExperience = doc.YearsOfExperience is { } y ? new NumberRange(y.Min, y.Max) : null,
            Salary = doc.Salary is { } s ? new SalaryFilter(s.Max, s.Currency, ParsePeriod(s.Period)) : null,
            AvailableBy = doc.AvailableBy is { } d ? DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            Tags = doc.Tags is { } t ? new TagFilter(t.All, t.Any, t.None) : null,
            ExcludeSkills = doc.ExcludeSkills,
            Custom = doc.Custom?.ToDictionary(kv => kv.Key, kv => new CustomCondition(
                kv.Value.Eq?.ToValue(), kv.Value.In?.Select(v => v.ToValue()).ToList(), kv.Value.Min?.ToValue(), kv.Value.Max?.ToValue()),
                StringComparer.Ordinal),
        };
    }

    // ---- names --------------------------------------------------------------------------------------------------

    /// <summary>A level as the API writes it: A1 … C2, native.</summary>
    public static string LevelName(LanguageLevel level) => level == LanguageLevel.Native ? "native" : level.ToString();

    public static bool TryParseLevel(string? text, out LanguageLevel level)
    {
        level = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim();
        if (t.Equals("native", StringComparison.OrdinalIgnoreCase)) { level = LanguageLevel.Native; return true; }
        return t.Length == 2 && Enum.TryParse(t.ToUpperInvariant(), out level) && level != LanguageLevel.Native;
    }

    private static LanguageLevel ParseLevel(string text) =>
        TryParseLevel(text, out var level) ? level : throw new InvalidDataException($"Unknown stored language level '{text}'.");

    public static string PeriodName(SalaryPeriod period) => period switch
    {
        SalaryPeriod.Hour => "hour",
        SalaryPeriod.Month => "month",
        _ => "year",
    };

    public static bool TryParsePeriod(string? text, out SalaryPeriod period)
    {
        period = SalaryPeriod.Year;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "hour": period = SalaryPeriod.Hour; return true;
            case "month": period = SalaryPeriod.Month; return true;
            case "year": return true;
            default: return false;
        }
    }

    private static SalaryPeriod ParsePeriod(string? text) => TryParsePeriod(text ?? "year", out var p) ? p : SalaryPeriod.Year;

    public static string TypeName(CustomFieldType type) => type switch
    {
        CustomFieldType.String => "string",
        CustomFieldType.Number => "number",
        _ => "date",
    };

    public static bool TryParseType(string? text, out CustomFieldType type)
    {
        type = CustomFieldType.String;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "string": return true;
            case "number": type = CustomFieldType.Number; return true;
            case "date": type = CustomFieldType.Date; return true;
            default: return false;
        }
    }

    // ---- documents ----------------------------------------------------------------------------------------------

    private sealed class AttributesDoc
    {
        public LocationDoc? Location { get; set; }
        public bool? Remote { get; set; }
        public bool? Relocation { get; set; }
        public List<LanguageDoc>? Languages { get; set; }
        public double? YearsOfExperience { get; set; }
        public double? QuestionnaireYears { get; set; }
        public SalaryDoc? Salary { get; set; }
        public string? AvailableFrom { get; set; }
        public List<string>? Tags { get; set; }
        public Dictionary<string, ValueDoc>? Custom { get; set; }
    }

    private sealed class LocationDoc
    {
        public string? Country { get; set; }
        public string? City { get; set; }
        public double? Lat { get; set; }
        public double? Lon { get; set; }
    }

    private sealed class LanguageDoc
    {
        public string Code { get; set; } = "";
        public string Level { get; set; } = "";
    }

    private sealed class SalaryDoc
    {
        public decimal Amount { get; set; }
        public string Currency { get; set; } = "";
        public string Period { get; set; } = "year";
    }

    private sealed class ValueDoc
    {
        public string? S { get; set; }
        public double? N { get; set; }
        public string? D { get; set; }

        public static ValueDoc Of(CustomValue v) => v.Type switch
        {
            CustomFieldType.String => new ValueDoc { S = v.Text ?? "" },
            CustomFieldType.Number => new ValueDoc { N = v.Number },
            _ => new ValueDoc { D = v.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
        };

        public CustomValue ToValue() =>
            S is not null ? CustomValue.Of(S)
            : N is { } n ? CustomValue.Of(n)
            : D is { } d ? CustomValue.Of(DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture))
            : throw new InvalidDataException("A stored custom value has no type.");
    }

    private sealed class FilterDoc
    {
        public LocationFilterDoc? Location { get; set; }
        public bool? Remote { get; set; }
        public bool? Relocation { get; set; }
        public List<LanguageFilterDoc>? Languages { get; set; }
        public RangeDoc? YearsOfExperience { get; set; }
        public SalaryFilterDoc? Salary { get; set; }
        public string? AvailableBy { get; set; }
        public TagsDoc? Tags { get; set; }
        public List<string>? ExcludeSkills { get; set; }
        public Dictionary<string, ConditionDoc>? Custom { get; set; }
    }

    private sealed class LocationFilterDoc
    {
        public List<string>? Countries { get; set; }
        public List<string>? Cities { get; set; }
        public NearDoc? Near { get; set; }
    }

    private sealed class NearDoc
    {
        public double Lat { get; set; }
        public double Lon { get; set; }
        public double Km { get; set; }
    }

    private sealed class LanguageFilterDoc
    {
        public string Code { get; set; } = "";
        public string? MinLevel { get; set; }
    }

    private sealed class RangeDoc
    {
        public double? Min { get; set; }
        public double? Max { get; set; }
    }

    private sealed class SalaryFilterDoc
    {
        public decimal Max { get; set; }
        public string Currency { get; set; } = "";
        public string? Period { get; set; }
    }

    private sealed class TagsDoc
    {
        public List<string>? All { get; set; }
        public List<string>? Any { get; set; }
        public List<string>? None { get; set; }
    }

    private sealed class ConditionDoc
    {
        public ValueDoc? Eq { get; set; }
        public List<ValueDoc>? In { get; set; }
        public ValueDoc? Min { get; set; }
        public ValueDoc? Max { get; set; }
    }
}
