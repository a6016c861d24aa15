using Matching.Core.Profiles;
using Matching.Core.Scoring;

namespace Matching.Benchmarks;

/// <summary>
/// Attributes for the search benchmark, with skewed, realistic-looking distributions: 30 countries (a few large ones
/// hold most candidates), 200 cities with coordinates around their country's centre, 50 tags (a handful common, a long
/// tail), spoken languages with CEFR levels, years of experience, salary expectations in the country's currency,
/// availability dates and three custom fields (grade: string, score: number, clearanceUntil: date).
/// </summary>
internal sealed class SyntheticAttributes
{
    public sealed record Country(string Code, double Lat, double Lon, string Currency, string Language, double Weight);
    public sealed record City(string Name, Country Country, double Lat, double Lon, double Weight);

    public readonly Country[] Countries;
    public readonly City[] Cities;
    public readonly string[] Tags = Enumerable.Range(0, 50).Select(i => i switch
    {
        0 => "backend", 1 => "senior", 2 => "remote-friendly", 3 => "fintech", 4 => "team-lead", 5 => "frontend",
        _ => $"tag-{i}",
    }).ToArray();
    private static readonly string[] Grades = ["Junior", "Mid", "Senior", "Lead", "Principal"];
    private readonly double[] _countryCdf;
    private readonly double[][] _cityCdf;
    private readonly double[] _tagCdf;

    public SyntheticAttributes(int seed = 42)
    {
        var random = new Random(seed);
        string[] codes = ["DE", "US", "RU", "GB", "FR", "NL", "PL", "ES", "IT", "SE", "CH", "AT", "CZ", "PT", "IE", "DK", "FI", "NO",
            "BE", "RO", "UA", "KZ", "RS", "HU", "GR", "TR", "IL", "CA", "IN", "BR"];
        string[] currencies = ["EUR", "USD", "RUB", "GBP", "EUR", "EUR", "PLN", "EUR", "EUR", "SEK", "CHF", "EUR", "CZK", "EUR", "EUR", "DKK",
            "EUR", "NOK", "EUR", "RON", "UAH", "KZT", "RSD", "HUF", "EUR", "TRY", "ILS", "CAD", "INR", "BRL"];
        Countries = codes.Select((c, i) => new Country(c, random.NextDouble() * 50 + 10, random.NextDouble() * 120 - 20, currencies[i],
            i switch { 0 or 11 or 10 => "de", 1 or 3 or 14 or 27 => "en", 2 or 20 or 21 => "ru", 4 or 18 => "fr", 7 => "es", _ => $"l{i}" },
            1.0 / Math.Pow(i + 1, 0.9))).ToArray();
        Cities = Enumerable.Range(0, 200).Select(i =>
        {
            var country = Countries[i < 30 ? i : random.Next(Math.Min(30, 4 + i / 8))];
            return new City($"City-{i}", country, country.Lat + (random.NextDouble() - 0.5) * 8, country.Lon + (random.NextDouble() - 0.5) * 10,
                1.0 / Math.Pow(i / 30 + 1, 1.2) * (i < 30 ? 3 : 1));
        }).ToArray();
        _countryCdf = Cdf(Countries.Select(c => c.Weight));
        _cityCdf = Countries.Select(c => Cdf(Cities.Where(x => x.Country == c).Select(x => x.Weight))).ToArray();
        _tagCdf = Cdf(Tags.Select((_, i) => 1.0 / Math.Pow(i + 1, 1.1)));
    }

    private static double[] Cdf(IEnumerable<double> weights)
    {
        var w = weights.ToArray();
        var total = w.Sum();
        var cdf = new double[w.Length];
        var sum = 0.0;
        for (var i = 0; i < w.Length; i++) cdf[i] = (sum += w[i]) / total;
        return cdf;
    }

    private static int Pick(double[] cdf, Random random)
    {
        var at = Array.BinarySearch(cdf, random.NextDouble());
        return Math.Min(cdf.Length - 1, at < 0 ? ~at : at);
    }

    public ProfileAttributes Next(Random random)
    {
        var ci = Pick(_countryCdf, random);
        var country = Countries[ci];
        var cities = Cities.Where(x => x.Country == country).ToArray();
        var city = cities.Length == 0 ? null : cities[Pick(_cityCdf[ci], random)];
        var languages = new List<SpokenLanguage>();
        languages.Add(new SpokenLanguage(country.Language, LanguageLevel.Native));
        if (country.Language != "en" && random.Next(10) < 7) languages.Add(new SpokenLanguage("en", (LanguageLevel)random.Next(1, 6)));
        if (random.Next(10) == 0) languages.Add(new SpokenLanguage(new[] { "de", "fr", "es", "ru" }[random.Next(4)], (LanguageLevel)random.Next(0, 5)));
        var tags = new List<string>();
        for (var n = random.Next(0, 6); n > 0; n--) tags.Add(Tags[Pick(_tagCdf, random)]);
        var custom = new Dictionary<string, CustomValue>(StringComparer.Ordinal);
        if (random.Next(10) < 8) custom["grade"] = CustomValue.Of(Grades[Math.Min(4, (int)(random.NextDouble() * random.NextDouble() * 6))]);
        if (random.Next(10) < 6) custom["score"] = CustomValue.Of(random.Next(0, 101));
        if (random.Next(10) < 2) custom["clearanceUntil"] = CustomValue.Of(new DateOnly(2027, 1, 1).AddDays(random.Next(0, 1000)));
        var years = random.Next(10) == 0 ? (double?)null : Math.Round(-Math.Log(1 - random.NextDouble()) * 6, 1);
        var period = random.Next(10) switch { < 6 => SalaryPeriod.Year, < 9 => SalaryPeriod.Month, _ => SalaryPeriod.Hour };
        var yearly = 20_000 + random.Next(0, 180_000);
        var amount = period switch { SalaryPeriod.Year => yearly, SalaryPeriod.Month => Math.Round(yearly / 12m), _ => Math.Round(yearly / 2080m, 2) };
        return new ProfileAttributes
        {
            Location = new GeoLocation(country.Code, city?.Name,
                city is not null && random.Next(10) < 8 ? city.Lat + (random.NextDouble() - 0.5) * 0.3 : null,
                city is not null ? city.Lon + (random.NextDouble() - 0.5) * 0.3 : null),
            Remote = random.Next(10) switch { < 4 => true, < 7 => false, _ => null },
            Relocation = random.Next(10) switch { < 3 => true, < 6 => false, _ => null },
            Languages = languages,
            YearsOfExperience = years,
            Salary = random.Next(10) < 7 ? new SalaryExpectation(amount, country.Currency, period) : null,
            AvailableFrom = random.Next(10) < 6 ? new DateOnly(2026, 12, 1).AddDays(random.Next(0, 180)) : null,
            Tags = tags,
            Custom = custom,
        };
    }

    /// <summary>
    /// Location (a few countries, or a radius) + tag + numeric (years, a custom score) filters that each keep about a fifth
    /// of the profiles (the shape of issue 14's bar), varied per query so that the benchmark does not time one filter only.
    /// </summary>
    public MatchFilter Filter(int variant) => (variant & 3) switch
    {
        0 => new MatchFilter
        {
            Location = new LocationFilter(Countries: ["DE", "US", "RU"]),
            Tags = new TagFilter(Any: ["backend", "senior", "fintech"]),
            YearsOfExperience = new NumberRange(Min: 1),
        },
        1 => new MatchFilter
        {
            Location = new LocationFilter(Countries: ["DE", "US", "GB", "FR", "NL", "PL"]),
            Tags = new TagFilter(Any: ["backend", "remote-friendly"]),
            YearsOfExperience = new NumberRange(Min: 1, Max: 25),
        },
        2 => new MatchFilter
        {
            Location = new LocationFilter(Near: new NearPoint(Cities[0].Lat, Cities[0].Lon, 3000)),
            Tags = new TagFilter(Any: ["backend", "senior", "fintech", "team-lead"], None: ["tag-20"]),
            YearsOfExperience = new NumberRange(Min: 1),
        },
        _ => new MatchFilter
        {
            Location = new LocationFilter(Countries: ["DE", "US", "RU", "GB", "FR"]),
            Tags = new TagFilter(Any: ["backend", "senior", "fintech", "team-lead"]),
            Custom = new Dictionary<string, CustomCondition> { ["score"] = new(Min: CustomValue.Of(10)) },
        },
    };
}
