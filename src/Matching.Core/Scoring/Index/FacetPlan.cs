using System.Globalization;
using System.Numerics;
using Matching.Core.Profiles;
using Matching.Core.Taxonomy;

namespace Matching.Core.Scoring.Index;

internal enum FacetKind { Country, City, Remote, Relocation, Languages, Tags, Skills, Custom }

/// <summary>
/// The facets one query counts, over every profile of its ranking: each partition counts the profiles its selection
/// marks in a chunk's ranking bitmap, by id into flat arrays (custom fields by value), and the counts are merged at the end.
/// </summary>
internal sealed class FacetPlan
{
    private readonly IndexState _state;
    private readonly SkillTaxonomy _taxonomy;
    public readonly (string Name, FacetKind Kind, int CustomKey)[] Facets;
    /// <summary>
    /// Per facet, the only values a ranked profile can have (the countries or cities the filter allows), or null: a
    /// country filter leaves the other countries' counts at 0 without counting them.
    /// </summary>
    public readonly int[]?[] Only;
    private readonly int[] _sizes;

    public FacetPlan(IndexState state, SkillTaxonomy taxonomy, IReadOnlyList<string> names, FilterPlan filter)
    {
        _state = state;
        _taxonomy = taxonomy;
        var v = state.Vocabulary;
        Facets = names.Distinct(StringComparer.Ordinal).Select(name => name switch
        {
            MatchFacets.Country => (name, FacetKind.Country, 0),
            MatchFacets.City => (name, FacetKind.City, 0),
            MatchFacets.Remote => (name, FacetKind.Remote, 0),
            MatchFacets.Relocation => (name, FacetKind.Relocation, 0),
            MatchFacets.Languages => (name, FacetKind.Languages, 0),
            MatchFacets.Tags => (name, FacetKind.Tags, 0),
            MatchFacets.Skills => (name, FacetKind.Skills, 0),
            _ => (name, FacetKind.Custom, v.CustomKeys.Find(name[MatchFacets.CustomPrefix.Length..])),
        }).ToArray();
        Only = Facets.Select(f => f.Kind switch
        {
            FacetKind.Country => filter.CountryIds,
            FacetKind.City => filter.CityIds,
            _ => null,
        }).ToArray();
        _sizes = Facets.Select(f => f.Kind switch
        {
            FacetKind.Country => v.Countries.Count,
            FacetKind.City => v.Cities.Count,
            FacetKind.Remote or FacetKind.Relocation => 3,
            FacetKind.Languages => v.Languages.Count,
            FacetKind.Tags => v.Tags.Count,
            FacetKind.Skills => taxonomy.Count,
            _ => f.CustomKey > 0 && v.FindCustomTexts(f.CustomKey) is { } texts ? texts.Count : 0,
        }).ToArray();
    }

    public FacetCounts NewCounts() => new(this, _state, _sizes);

    public IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Result(IEnumerable<FacetCounts?> parts, int size)
    {
        var all = parts.Where(p => p is not null).ToList();
        var v = _state.Vocabulary;
        var result = new Dictionary<string, IReadOnlyList<FacetValue>>(StringComparer.Ordinal);
        for (var f = 0; f < Facets.Length; f++)
        {
            var (name, kind, key) = Facets[f];
            var values = new List<FacetValue>();
            if (kind == FacetKind.Custom)
            {
                var merged = new Dictionary<(CustomFieldType, double), int>();
                foreach (var p in all)
                {
                    foreach (var (value, count) in p!.Custom[f]!)
                        merged[value] = merged.GetValueOrDefault(value) + count;
                    var texts2 = p.Counts[f]!;
                    for (var id = 1; id < texts2.Length; id++)
                        if (texts2[id] > 0) merged[(CustomFieldType.String, id)] = merged.GetValueOrDefault((CustomFieldType.String, id)) + texts2[id];
                }
                var texts = v.FindCustomTexts(key);
                foreach (var ((type, value), count) in merged)
                    values.Add(new FacetValue(type switch
                    {
                        CustomFieldType.String => texts?.ValueOf((int)value) ?? "",
                        CustomFieldType.Number => value.ToString("R", CultureInfo.InvariantCulture),
                        _ => DateOnly.FromDayNumber((int)value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    }, count));
            }
            else
            {
                var counts = new int[_sizes[f]];
                foreach (var p in all)
                {
                    var c = p!.Counts[f]!;
                    for (var i = 0; i < counts.Length; i++) counts[i] += c[i];
                }
                for (var id = 0; id < counts.Length; id++)
                {
                    if (counts[id] == 0) continue;
                    var value = kind switch
                    {
                        FacetKind.Country => v.Countries.ValueOf(id),
                        FacetKind.City => v.Cities.ValueOf(id),
                        FacetKind.Remote or FacetKind.Relocation => id == 2 ? "true" : id == 1 ? "false" : null,
                        FacetKind.Languages => v.Languages.ValueOf(id),
                        FacetKind.Tags => v.Tags.ValueOf(id),
                        _ => _taxonomy[id].Id,
                    };
                    if (value is not null && (id > 0 || kind == FacetKind.Skills)) values.Add(new FacetValue(value, counts[id]));
                }
            }
            values.Sort(static (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Value, b.Value));
            result[name] = values.Count > size ? values.GetRange(0, size) : values;
        }
        return result;
    }
}

/// <summary>One partition's facet counts.</summary>
internal sealed class FacetCounts
{
    private readonly FacetPlan _plan;
    private readonly IndexState _state;
    public readonly int[]?[] Counts;
    public readonly Dictionary<(CustomFieldType, double), int>?[] Custom;
    private int[]? _skills;

    public FacetCounts(FacetPlan plan, IndexState state, int[] sizes)
    {
        _plan = plan;
        _state = state;
        Counts = new int[]?[sizes.Length];
        Custom = new Dictionary<(CustomFieldType, double), int>?[sizes.Length];
        for (var f = 0; f < sizes.Length; f++)
        {
            if (plan.Facets[f].Kind == FacetKind.Custom) Custom[f] = [];
            Counts[f] = new int[sizes[f]];
        }
    }

    /// <summary>Counts the base ordinals blockLo + i whose bit i is set in <paramref name="ranking"/>.</summary>
    public void CountBase(ReadOnlySpan<ulong> ranking, int chunk, int blockLo, int blockHi, int ranked)
    {
        if (ranked == 0) return;
        var c = _state.Base.Attributes;
        var words = (blockHi - blockLo + 63) >> 6;
        ranking = ranking[..words];
        var visited = 0;
        Span<int> kinds = stackalloc int[Counts.Length];
        Span<bool> textsDone = stackalloc bool[Counts.Length];
        textsDone.Clear();
        for (var f = 0; f < Counts.Length; f++)
        {
            var (_, kind, key) = _plan.Facets[f];
            var column = kind == FacetKind.Custom && key > 0 && key < c.Custom.Length ? c.Custom[key] : null;
            var sets = kind switch
            {
                FacetKind.Country => c.CountrySets,
                FacetKind.City => c.CitySets,
                FacetKind.Tags => c.TagSets,
                FacetKind.Languages => c.LanguageAnySets,
                FacetKind.Custom => column?.TextSets,
                _ => null,
            };
            // By value sets (AND-popcount with the ranking) when that costs less than visiting the ranked profiles would.
            // Measured in array members (the search benchmark, a fifth of the profiles ranked): a ranked profile costs about
            // 2 (its bit, its column entry, the count), and with a list of values (tags, languages) 3 + 4 per value (the
            // list's bounds and its loop's mispredicted exit).
            var perProfile = kind is FacetKind.Tags or FacetKind.Languages ? 3 + 4 * (sets?.ValuesPerProfile ?? 0) : 2;
            var only = _plan.Only[f];
            // Only some values' sets: about their share of the cost.
            if (sets is not null && sets.CostPerChunk * (only is null ? 1 : only.Length / (double)Math.Max(1, sets.NonEmpty.Length)) < ranked * perProfile)
            {
                var counts = Counts[f]!;
                foreach (var value in only ?? sets.NonEmpty)
                    if (value < counts.Length)
                        counts[value] += sets.CountIn(value, chunk, ranking);
                if (kind == FacetKind.Custom && column!.HasOtherTypes) textsDone[visited] = true; // numbers and dates: below
                else continue;
            }
            kinds[visited++] = f;
        }
        if (visited == 0) return;
        kinds = kinds[..visited];
        var done = 0;

        // The rest facet by facet, each a tight loop over the ranked profiles (ordinals ascending: columns read forwards).
        foreach (var f in kinds)
        {
            var counts = Counts[f]!;
            var skipTexts = textsDone[done++];
            switch (_plan.Facets[f].Kind)
            {
                case FacetKind.Country: CountColumn(ranking, blockLo, c.Country, counts); break;
                case FacetKind.City: CountColumn(ranking, blockLo, c.City, counts); break;
                case FacetKind.Remote: CountFlags(ranking, blockLo, c.Flags, 0, counts); break;
                case FacetKind.Relocation: CountFlags(ranking, blockLo, c.Flags, 2, counts); break;
                case FacetKind.Tags: CountLists(ranking, blockLo, c.TagStarts, c.TagIds, 1, counts); break;
                case FacetKind.Languages: CountLists(ranking, blockLo, c.LanguageStarts, c.LanguageCodes, AttributeRow.LevelSlots, counts); break;
                case FacetKind.Skills: CountRankedSkills(ranking, blockLo, counts); break;
                default:
                    var key = _plan.Facets[f].CustomKey;
                    if (key <= 0 || key >= c.Custom.Length || c.Custom[key] is not { } column) break;
                    for (var w = 0; w < ranking.Length; w++)
                        for (var word = ranking[w]; word != 0; word &= word - 1)
                        {
                            var o = blockLo + (w << 6) + BitOperations.TrailingZeroCount(word);
                            var type = column.Types[o];
                            if (type == (int)CustomFieldType.String + 1)
                            {
                                if (!skipTexts) CountCustom(f, CustomFieldType.String, column.Values[o]);
                            }
                            else if (type != 0) CountCustom(f, (CustomFieldType)(type - 1), column.Values[o]);
                        }
                    break;
            }
        }
    }

    /// <summary>
    /// The skills of the ranked profiles, a vector decode each. A method of its own, compiled apart from
    /// <see cref="CountBase"/>: inside it, the decode loop ran at half the speed whenever CountBase grew (measured: the
    /// search benchmark's skills facet, 24 ms against 44 ms per query).
    /// </summary>
    private void CountRankedSkills(ReadOnlySpan<ulong> ranking, int blockLo, int[] counts)
    {
        var vectors = _state.Base.Vectors;
        for (var w = 0; w < ranking.Length; w++)
            for (var word = ranking[w]; word != 0; word &= word - 1)
                CountSkills(vectors[blockLo + (w << 6) + BitOperations.TrailingZeroCount(word)], counts);
    }

    private static void CountColumn(ReadOnlySpan<ulong> ranking, int blockLo, int[] column, int[] counts)
    {
        for (var w = 0; w < ranking.Length; w++)
        {
            var at = blockLo + (w << 6);
            for (var word = ranking[w]; word != 0; word &= word - 1) counts[column[at + BitOperations.TrailingZeroCount(word)]]++;
        }
    }

    /// <summary>Flags by value (3 of them), 64 profiles a compare: the flags' bytes equal to the value, ANDed with the ranking.</summary>
    private static void CountFlags(ReadOnlySpan<ulong> ranking, int blockLo, byte[] flags, int shift, int[] counts)
    {
        var mask = (byte)(3 << shift);
        for (var w = 0; w < ranking.Length; w++)
        {
            var word = ranking[w];
            if (word == 0) continue;
            var at = blockLo + (w << 6);
            var bytes = flags.AsSpan(at, Math.Min(64, flags.Length - at));
            for (var value = 0; value < 3; value++)
                counts[value] += BitOperations.PopCount(word & ColumnMasks.MaskedEquals(bytes, mask, (byte)(value << shift)));
        }
    }

    private static void CountLists(ReadOnlySpan<ulong> ranking, int blockLo, int[] starts, int[] values, int divisor, int[] counts)
    {
        for (var w = 0; w < ranking.Length; w++)
        {
            var at = blockLo + (w << 6);
            for (var word = ranking[w]; word != 0; word &= word - 1)
            {
                var o = at + BitOperations.TrailingZeroCount(word);
                for (var k = starts[o]; k < starts[o + 1]; k++) counts[values[k] / divisor]++;
            }
        }
    }

    /// <summary>A custom value: strings by text id in a flat array, numbers and dates in a dictionary each.</summary>
    private void CountCustom(int f, CustomFieldType type, double value)
    {
        if (type == CustomFieldType.String)
        {
            var texts = Counts[f]!;
            var id = (int)value;
            if ((uint)id < (uint)texts.Length)
            {
                texts[id]++;
                return;
            }
        }
        var d = Custom[f]!;
        ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(d, (type, value), out _);
        count++;
    }

    /// <summary>Counts one delta profile of the ranking.</summary>
    public void CountRow(int ordinal)
    {
        var row = _state.AttributesOf(ordinal);
        for (var f = 0; f < Counts.Length; f++)
        {
            var (_, kind, key) = _plan.Facets[f];
            var counts = Counts[f];
            switch (kind)
            {
                case FacetKind.Country: counts![row.Country]++; break;
                case FacetKind.City: counts![row.City]++; break;
                case FacetKind.Remote: counts![row.Flags & 3]++; break;
                case FacetKind.Relocation: counts![(row.Flags >> 2) & 3]++; break;
                case FacetKind.Tags:
                    foreach (var t in row.Tags) counts![t]++;
                    break;
                case FacetKind.Languages:
                    foreach (var l in row.Languages) counts![l / AttributeRow.LevelSlots]++;
                    break;
                case FacetKind.Skills: CountSkills(_state.VectorOf(ordinal), counts!); break;
                default:
                    foreach (var cell in row.Custom)
                        if (cell.Key == key && key > 0) CountCustom(f, cell.Type, cell.Value);
                    break;
            }
        }
    }

    private void CountSkills(ReadOnlySpan<byte> vector, int[] counts)
    {
        var buffer = _skills ??= new int[counts.Length];
        var n = VectorEntries.PositiveSkills(vector, buffer);
        for (var i = 0; i < n; i++) counts[buffer[i]]++;
    }
}
