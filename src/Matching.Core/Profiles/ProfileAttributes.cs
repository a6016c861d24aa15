using System.Globalization;

namespace Matching.Core.Profiles;

/// <summary>
/// What a candidate is besides skills, as the HR system states it (at ingest or by PATCH): where they are, whether they
/// work remotely or relocate, the languages they speak, experience, salary expectation, availability, tags and the
/// customer's own fields. Every part is optional; a filter on a part keeps only profiles that state it.
/// Values are kept normalised (see <see cref="Normalise"/>): country codes upper case, language codes, cities and tags
/// lower case, custom keys as declared.
/// </summary>
public sealed record ProfileAttributes
{
    // Declared before None: static fields initialise in order, and None's Custom must not be null.
    private static readonly IReadOnlyDictionary<string, CustomValue> EmptyCustom =
        new Dictionary<string, CustomValue>(StringComparer.Ordinal);

    public static readonly ProfileAttributes None = new();

    public GeoLocation? Location { get; init; }
    /// <summary>Open to remote work.</summary>
    public bool? Remote { get; init; }
    /// <summary>Open to relocation.</summary>
    public bool? Relocation { get; init; }
    public IReadOnlyList<SpokenLanguage> Languages { get; init; } = [];
    /// <summary>Total years of professional experience.</summary>
    public double? YearsOfExperience { get; init; }
    public SalaryExpectation? Salary { get; init; }
    /// <summary>The first day the candidate can start.</summary>
    public DateOnly? AvailableFrom { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>The customer's own fields, by declared key (see <see cref="CustomFieldDefinition"/>).</summary>
    public IReadOnlyDictionary<string, CustomValue> Custom { get; init; } = EmptyCustom;


    /// <summary>True when nothing is stated.</summary>
    public bool IsEmpty => Location is null && Remote is null && Relocation is null && Languages.Count == 0
        && YearsOfExperience is null && Salary is null && AvailableFrom is null && Tags.Count == 0 && Custom.Count == 0;

    /// <summary>
    /// The canonical form stored and indexed: country upper case, city trimmed (compared case-insensitively), language
    /// codes lower case (one entry per code, the highest level), tags trimmed, lower case, distinct and sorted.
    /// </summary>
    public ProfileAttributes Normalise()
    {
        var languages = Languages
            .GroupBy(l => l.Code.Trim().ToLowerInvariant())
            .Select(g => new SpokenLanguage(g.Key, g.Max(l => l.Level)))
            .OrderBy(l => l.Code, StringComparer.Ordinal)
            .ToList();
        var tags = Tags.Select(NormaliseTag).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)
            .OrderBy(t => t, StringComparer.Ordinal).ToList();
        var location = Location is null ? null : Location with
        {
            Country = string.IsNullOrWhiteSpace(Location.Country) ? null : Location.Country.Trim().ToUpperInvariant(),
            City = string.IsNullOrWhiteSpace(Location.City) ? null : Location.City.Trim(),
        };
        var custom = new SortedDictionary<string, CustomValue>(Custom.ToDictionary(kv => kv.Key.Trim(), kv => kv.Value), StringComparer.Ordinal);
        return this with
        {
            Location = location is { Country: null, City: null, Lat: null, Lon: null } ? null : location,
            Languages = languages,
            Tags = tags,
            Custom = new Dictionary<string, CustomValue>(custom, StringComparer.Ordinal),
        };
    }

    /// <summary>A tag as stored and compared: trimmed, lower case (invariant).</summary>
    public static string NormaliseTag(string tag) => tag.Trim().ToLowerInvariant();

    /// <summary>A city as compared: trimmed, lower case (invariant).</summary>
    public static string CityKey(string city) => city.Trim().ToLowerInvariant();

    public bool Equals(ProfileAttributes? other) =>
        other is not null && Equals(Location, other.Location) && Remote == other.Remote && Relocation == other.Relocation
        && Languages.SequenceEqual(other.Languages) && YearsOfExperience == other.YearsOfExperience
        && Equals(Salary, other.Salary) && AvailableFrom == other.AvailableFrom && Tags.SequenceEqual(other.Tags)
        && Custom.Count == other.Custom.Count
        && Custom.All(kv => other.Custom.TryGetValue(kv.Key, out var v) && v.Equals(kv.Value));

    public override int GetHashCode() => HashCode.Combine(Location, Remote, Relocation, YearsOfExperience, Salary, AvailableFrom,
        Languages.Count, Tags.Count + 31 * Custom.Count);
}

/// <summary>Where the candidate is. Coordinates (WGS 84 degrees) are optional; a radius filter needs them.</summary>
/// <param name="Country">ISO 3166-1 alpha-2 code ("DE", "RU").</param>
public sealed record GeoLocation(string? Country, string? City, double? Lat = null, double? Lon = null)
{
    public bool HasCoordinates => Lat is not null && Lon is not null;

    /// <summary>Great-circle distance in kilometres (haversine, mean Earth radius 6371.0088 km).</summary>
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6371.0088;
        var dLat = (lat2 - lat1) * Math.PI / 180;
        var dLon = (lon2 - lon1) * Math.PI / 180;
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
            + Math.Cos(lat1 * Math.PI / 180) * Math.Cos(lat2 * Math.PI / 180) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}

/// <summary>CEFR levels, then native; ordered, so "at least B2" is a comparison.</summary>
public enum LanguageLevel { A1, A2, B1, B2, C1, C2, Native }

/// <param name="Code">ISO 639-1 code ("en", "ru").</param>
public sealed record SpokenLanguage(string Code, LanguageLevel Level);

public enum SalaryPeriod { Hour, Month, Year }

/// <param name="Currency">ISO 4217 code ("EUR", "RUB").</param>
public sealed record SalaryExpectation(decimal Amount, string Currency, SalaryPeriod Period)
{
    /// <summary>The amount per year (a month is 1/12, an hour 1/2080 of a year: 40 hours × 52 weeks); filters compare these.</summary>
    public decimal Yearly => Period switch
    {
        SalaryPeriod.Hour => Amount * 2080m,
        SalaryPeriod.Month => Amount * 12m,
        _ => Amount,
    };

    /// <summary>An amount of <paramref name="period"/> converted to a yearly one.</summary>
    public static decimal ToYearly(decimal amount, SalaryPeriod period) => new SalaryExpectation(amount, "", period).Yearly;
}

public enum CustomFieldType { String, Number, Date }

/// <summary>A custom field key declared once with its type (and shown to users with its description).</summary>
public sealed record CustomFieldDefinition(string Key, CustomFieldType Type, string? Description = null);

/// <summary>One custom field's value: a string, a number or a date, as the key was declared.</summary>
public readonly record struct CustomValue
{
    public CustomFieldType Type { get; }
    public string? Text { get; }
    public double Number { get; }
    public DateOnly Date { get; }

    private CustomValue(CustomFieldType type, string? text, double number, DateOnly date)
    {
        Type = type;
        Text = text;
        Number = number;
        Date = date;
    }

    public static CustomValue Of(string text) => new(CustomFieldType.String, text, 0, default);
    public static CustomValue Of(double number) => new(CustomFieldType.Number, null, number, default);
    public static CustomValue Of(DateOnly date) => new(CustomFieldType.Date, null, 0, date);

    /// <summary>Strings compare case-insensitively (invariant), as a recruiter expects of "Senior" and "senior".</summary>
    public string? TextKey => Text?.Trim().ToLowerInvariant();

    /// <summary>The value as JSON would carry it: the string, the number, or the ISO date.</summary>
    public override string ToString() => Type switch
    {
        CustomFieldType.String => Text ?? "",
        CustomFieldType.Number => Number.ToString("R", CultureInfo.InvariantCulture),
        _ => Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };
}
