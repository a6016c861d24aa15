using Matching.Core.Profiles;

namespace Matching.Core.Scoring;

/// <summary>
/// Which profiles a query may return, besides the skill ranking. Parts combine with AND; a part that is null (or an
/// empty list) does not filter. A part on an attribute keeps only profiles that state that attribute (a profile with no
/// location never passes a location filter, one with no salary never passes a salary filter).
/// <see cref="Matches"/> is the definition: the index returns exactly the profiles it accepts.
/// </summary>
public sealed record MatchFilter
{
    public LocationFilter? Location { get; init; }
    /// <summary>Only candidates who state this remote preference.</summary>
    public bool? Remote { get; init; }
    /// <summary>Only candidates who state this relocation preference.</summary>
    public bool? Relocation { get; init; }
    /// <summary>Every listed language, each at least at its level (a null level: any).</summary>
    public IReadOnlyList<LanguageRequirement>? Languages { get; init; }
    public NumberRange? YearsOfExperience { get; init; }
    public SalaryFilter? Salary { get; init; }
    /// <summary>Only candidates available on or before this day (their availableFrom ≤ it).</summary>
    public DateOnly? AvailableBy { get; init; }
    public TagFilter? Tags { get; init; }
    /// <summary>
    /// Skill ids no returned candidate may have in their effective vector at a level above 0: mentioned, set by a
    /// recruiter, or inferred from a child (excluding "sql" excludes a PostgreSQL user). A skill a recruiter set to 0 is
    /// not had. Ids the taxonomy does not know exclude nothing.
    /// </summary>
    public IReadOnlyList<string>? ExcludeSkills { get; init; }
    /// <summary>Per declared custom key, a condition on its value.</summary>
    public IReadOnlyDictionary<string, CustomCondition>? Custom { get; init; }

    public static readonly MatchFilter None = new();

    /// <summary>True when no part filters anything.</summary>
    public bool IsEmpty =>
        (Location is null || Location.IsEmpty) && Remote is null && Relocation is null && (Languages is null || Languages.Count == 0)
        && YearsOfExperience is null && Salary is null && AvailableBy is null && (Tags is null || Tags.IsEmpty)
        && (ExcludeSkills is null || ExcludeSkills.Count == 0) && (Custom is null || Custom.Count == 0);

    /// <summary>
    /// The reference semantics, one profile at a time: whether a profile with these (normalised) attributes and this
    /// effective vector passes. <paramref name="hasSkill"/> answers whether the effective vector holds a skill id at a
    /// level above 0 (as <see cref="ScoringRules.Quantize"/> reads it).
    /// </summary>
    public bool Matches(ProfileAttributes attributes, Func<string, bool> hasSkill)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(hasSkill);
        if (Location is { IsEmpty: false } location && !location.Matches(attributes.Location)) return false;
        if (Remote is { } remote && attributes.Remote != remote) return false;
        if (Relocation is { } relocation && attributes.Relocation != relocation) return false;
        if (Languages is { Count: > 0 } languages)
            foreach (var wanted in languages)
            {
                var code = wanted.Code.Trim().ToLowerInvariant();
                var has = attributes.Languages.FirstOrDefault(l => l.Code == code);
                if (has is null || wanted.MinLevel is { } min && has.Level < min) return false;
            }
        if (YearsOfExperience is { } years && (attributes.YearsOfExperience is not { } y || !years.Contains(y))) return false;
        if (Salary is { } salary && !salary.Matches(attributes.Salary)) return false;
        if (AvailableBy is { } by && (attributes.AvailableFrom is not { } from || from > by)) return false;
        if (Tags is { IsEmpty: false } tags && !tags.Matches(attributes.Tags)) return false;
        if (ExcludeSkills is { Count: > 0 } excluded && excluded.Any(hasSkill)) return false;
        if (Custom is { Count: > 0 } custom)
            foreach (var (key, condition) in custom)
                if (!attributes.Custom.TryGetValue(key, out var value) || !condition.Matches(value)) return false;
        return true;
    }
}

/// <summary>
/// Countries (any of), cities (any of, case-insensitive) and a radius around a point; the given parts combine with AND.
/// A radius keeps only profiles with coordinates within <see cref="NearPoint.Km"/> (great-circle distance).
/// </summary>
public sealed record LocationFilter(IReadOnlyList<string>? Countries = null, IReadOnlyList<string>? Cities = null, NearPoint? Near = null)
{
    public bool IsEmpty => (Countries is null || Countries.Count == 0) && (Cities is null || Cities.Count == 0) && Near is null;

    public bool Matches(GeoLocation? location)
    {
        if (IsEmpty) return true;
        if (location is null) return false;
        if (Countries is { Count: > 0 } countries
            && (location.Country is null || !countries.Any(c => string.Equals(c.Trim(), location.Country, StringComparison.OrdinalIgnoreCase))))
            return false;
        if (Cities is { Count: > 0 } cities
            && (location.City is null || !cities.Any(c => ProfileAttributes.CityKey(c) == ProfileAttributes.CityKey(location.City))))
            return false;
        if (Near is { } near
            && (location.Lat is not { } lat || location.Lon is not { } lon || GeoLocation.DistanceKm(near.Lat, near.Lon, lat, lon) > near.Km))
            return false;
        return true;
    }
}

public sealed record NearPoint(double Lat, double Lon, double Km);

/// <param name="Code">ISO 639-1 code.</param>
/// <param name="MinLevel">The lowest acceptable level; null accepts any.</param>
public sealed record LanguageRequirement(string Code, LanguageLevel? MinLevel = null);

/// <summary>An inclusive range; a null bound is open.</summary>
public sealed record NumberRange(double? Min = null, double? Max = null)
{
    public bool Contains(double value) => (Min is not { } min || value >= min) && (Max is not { } max || value <= max);
}

/// <summary>
/// Candidates whose salary expectation in <see cref="Currency"/> is at most <see cref="Max"/> per <see cref="Period"/>
/// (compared per year: a month is 1/12 of it, an hour 1/2080). Expectations in another currency do not pass: there are
/// no exchange rates here.
/// </summary>
public sealed record SalaryFilter(decimal Max, string Currency, SalaryPeriod Period = SalaryPeriod.Year)
{
    public bool Matches(SalaryExpectation? salary) =>
        salary is not null && string.Equals(salary.Currency, Currency.Trim(), StringComparison.OrdinalIgnoreCase)
        && salary.Yearly <= SalaryExpectation.ToYearly(Max, Period);
}

/// <summary>All of <see cref="All"/>, at least one of <see cref="Any"/>, none of <see cref="None"/> (tags compare normalised).</summary>
public sealed record TagFilter(IReadOnlyList<string>? All = null, IReadOnlyList<string>? Any = null, IReadOnlyList<string>? None = null)
{
    public bool IsEmpty => (All is null || All.Count == 0) && (Any is null || Any.Count == 0) && (None is null || None.Count == 0);

    public bool Matches(IReadOnlyList<string> tags)
    {
        bool Has(string t) => tags.Contains(ProfileAttributes.NormaliseTag(t), StringComparer.Ordinal);
        if (All is { Count: > 0 } all && !all.All(Has)) return false;
        if (Any is { Count: > 0 } any && !any.Any(Has)) return false;
        if (None is { Count: > 0 } none && none.Any(Has)) return false;
        return true;
    }
}

/// <summary>
/// A condition on one custom field: equal to <see cref="Eq"/>, one of <see cref="In"/>, at least <see cref="Min"/>, at most
/// <see cref="Max"/> (the given parts combine with AND). Strings compare case-insensitively; min/max apply to numbers and
/// dates. A value of another type than the condition's never passes.
/// </summary>
public sealed record CustomCondition(CustomValue? Eq = null, IReadOnlyList<CustomValue>? In = null, CustomValue? Min = null, CustomValue? Max = null)
{
    public bool Matches(CustomValue value)
    {
        if (Eq is { } eq && !Same(eq, value)) return false;
        if (In is { Count: > 0 } set && !set.Any(v => Same(v, value))) return false;
        if (Min is { } min && (min.Type != value.Type || Compare(value, min) < 0)) return false;
        if (Max is { } max && (max.Type != value.Type || Compare(value, max) > 0)) return false;
        return true;
    }

    private static bool Same(CustomValue a, CustomValue b) => a.Type == b.Type && a.Type switch
    {
        CustomFieldType.String => a.TextKey == b.TextKey,
        CustomFieldType.Number => a.Number == b.Number,
        _ => a.Date == b.Date,
    };

    private static int Compare(CustomValue a, CustomValue b) => a.Type switch
    {
        CustomFieldType.String => string.CompareOrdinal(a.TextKey, b.TextKey),
        CustomFieldType.Number => a.Number.CompareTo(b.Number),
        _ => a.Date.CompareTo(b.Date),
    };
}
