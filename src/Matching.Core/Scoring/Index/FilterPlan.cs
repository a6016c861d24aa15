using System.Numerics;
using Matching.Core.Profiles;
using Matching.Core.Taxonomy;

namespace Matching.Core.Scoring.Index;

/// <summary>
/// A <see cref="MatchFilter"/> compiled once per query against one index state: strings turned into the state's ids,
/// set parts (tags, languages, excluded skills) into <see cref="ValueSets"/> and posting lists to combine word by word,
/// the rest into per-column checks (allowed id tables, ranges, a latitude band before the haversine). It fills a chunk's
/// bitmap of allowed ordinals (dead ones and the excluded ordinal cleared), which the selection ANDs with the ranking.
/// Accepts exactly the profiles <see cref="MatchFilter.Matches"/> accepts (levels above 0 count as having a skill).
/// </summary>
internal sealed class FilterPlan
{
    private readonly IndexState _state;
    private readonly int _exclude;
    /// <summary>True when a part can match no profile at all (an unknown tag required, …).</summary>
    private readonly bool _impossible;
    private readonly bool _hasParts;

    private readonly int[] _tagsAll = [];
    private readonly int[] _tagsAny = [];
    private readonly bool _anyRequired;
    private readonly int[] _tagsNone = [];
    /// <summary>Per wanted language, the codes (language × slots + level) that satisfy it.</summary>
    private readonly int[][] _languages = [];
    /// <summary>Excluded skills' lists (stated and inferred) and, for delta rows, the skills by ordinal.</summary>
    private readonly int[] _excludedLists = [];
    private readonly bool[]? _excludedSkills;

    private readonly bool _columns;
    private readonly bool[]? _countries;
    private readonly bool[]? _cities;
    private readonly int _flagMask;
    private readonly int _flagValue;
    private readonly bool _years;
    private readonly double _yearsMin = double.NegativeInfinity;
    private readonly double _yearsMax = double.PositiveInfinity;
    private readonly bool _salary;
    private readonly int _currency;
    private readonly decimal _maxYearly;
    private readonly int _availableBy = int.MaxValue;
    private readonly bool _available;
    private readonly NearPoint? _near;
    private readonly double _latBand;
    private readonly CustomPredicate[] _custom = [];

    public bool IsEmpty => !_hasParts && _exclude < 0;

    public FilterPlan(IndexState state, SkillTaxonomy taxonomy, MatchFilter? filter, int exclude)
    {
        _state = state;
        _exclude = exclude;
        if (filter is null || filter.IsEmpty) return;
        _hasParts = true;
        var v = state.Vocabulary;

        if (filter.Tags is { IsEmpty: false } tags)
        {
            if (tags.All is { Count: > 0 } all)
            {
                _tagsAll = all.Select(t => v.Tags.Find(ProfileAttributes.NormaliseTag(t))).Distinct().ToArray();
                if (_tagsAll.Contains(0)) _impossible = true;
            }
            if (tags.Any is { Count: > 0 } any)
            {
                _anyRequired = true;
                _tagsAny = any.Select(t => v.Tags.Find(ProfileAttributes.NormaliseTag(t))).Where(id => id > 0).Distinct().ToArray();
                if (_tagsAny.Length == 0) _impossible = true;
            }
            if (tags.None is { Count: > 0 } none)
                _tagsNone = none.Select(t => v.Tags.Find(ProfileAttributes.NormaliseTag(t))).Where(id => id > 0).Distinct().ToArray();
        }
        if (filter.Languages is { Count: > 0 } languages)
        {
            _languages = languages.Select(l =>
            {
                var id = v.Languages.Find(l.Code.Trim().ToLowerInvariant());
                if (id == 0) return [];
                var min = l.MinLevel is { } m ? (int)m : 0;
                return Enumerable.Range(min, Math.Max(0, (int)LanguageLevel.Native - min + 1))
                    .Select(level => id * AttributeRow.LevelSlots + level).ToArray();
            }).ToArray();
            if (_languages.Any(codes => codes.Length == 0)) _impossible = true;
        }
        if (filter.ExcludeSkills is { Count: > 0 } excluded)
        {
            var skills = excluded.Select(taxonomy.OrdinalOf).Where(s => s >= 0).Distinct().ToArray();
            if (skills.Length > 0)
            {
                _excludedSkills = new bool[taxonomy.Count];
                foreach (var s in skills) _excludedSkills[s] = true;
                _excludedLists = skills.SelectMany(s => new[] { Lists.Of(s, true), Lists.Of(s, false) }).ToArray();
            }
        }

        if (filter.Location is { IsEmpty: false } location)
        {
            _columns = true;
            if (location.Countries is { Count: > 0 } countries)
                _countries = Allowed(v.Countries, countries.Select(c => v.Countries.Find(c.Trim().ToUpperInvariant())));
            if (location.Cities is { Count: > 0 } cities)
                _cities = Allowed(v.Cities, cities.Select(c => v.Cities.Find(ProfileAttributes.CityKey(c))));
            if (location.Near is { } near)
            {
                _near = near;
                // The great-circle distance is at least the meridian distance: R × |Δlat| in radians.
                _latBand = near.Km / (6371.0088 * Math.PI / 180) * (1 + 1e-9) + 1e-9;
            }
        }
        if (filter.Remote is { } remote)
        {
            _flagMask |= 3;
            _flagValue |= remote ? 2 : 1;
        }
        if (filter.Relocation is { } relocation)
        {
            _flagMask |= 3 << 2;
            _flagValue |= (relocation ? 2 : 1) << 2;
        }
        if (filter.YearsOfExperience is { } years)
        {
            _years = true;
            if (years.Min is { } min) _yearsMin = min;
            if (years.Max is { } max) _yearsMax = max;
        }
        if (filter.Salary is { } salary)
        {
            _salary = true;
            _currency = v.Currencies.Find(AttributeVocabulary.CurrencyKey(salary.Currency.Trim()));
            if (_currency == 0) _impossible = true;
            try
            {
                _maxYearly = SalaryExpectation.ToYearly(salary.Max, salary.Period);
            }
            catch (OverflowException)
            {
                _maxYearly = salary.Max < 0 ? decimal.MinValue : decimal.MaxValue;
            }
        }
        if (filter.AvailableBy is { } by)
        {
            _available = true;
            _availableBy = by.DayNumber;
        }
        if (filter.Custom is { Count: > 0 } custom)
        {
            var predicates = new List<CustomPredicate>();
            foreach (var (key, condition) in custom)
            {
                var id = v.CustomKeys.Find(key);
                if (id == 0 || condition is null)
                {
                    _impossible |= id == 0;
                    continue;
                }
                predicates.Add(new CustomPredicate(id, condition, v.FindCustomTexts(id)));
            }
            _custom = predicates.ToArray();
        }
        _columns |= _flagMask != 0 || _years || _salary || _available || _custom.Length > 0;
    }

    private static bool[] Allowed(Vocabulary vocabulary, IEnumerable<int> ids)
    {
        var allowed = new bool[vocabulary.Count];
        foreach (var id in ids)
            if (id > 0 && id < allowed.Length) allowed[id] = true;
        return allowed;
    }

    /// <summary>
    /// Sets bit i of <paramref name="bits"/> for each ordinal blockLo + i of base chunk <paramref name="chunk"/> that is
    /// alive and passes; <paramref name="temp"/> is scratch of the same length.
    /// </summary>
    public void FillBase(Span<ulong> bits, Span<ulong> temp, int chunk, int blockLo, int blockHi)
    {
        var n = blockHi - blockLo;
        var words = (n + 63) >> 6;
        bits = bits[..words];
        temp = temp[..words];
        var dead = _state.Dead;
        for (var w = 0; w < words; w++) bits[w] = ~dead.Word(blockLo + (w << 6));
        if ((n & 63) != 0) bits[words - 1] &= (1UL << n) - 1;
        if (_exclude >= blockLo && _exclude < blockHi) bits[(_exclude - blockLo) >> 6] &= ~(1UL << (_exclude - blockLo));
        if (!_hasParts) return;
        if (_impossible)
        {
            bits.Clear();
            return;
        }
        var columns = _state.Base.Attributes;
        var tagSets = columns.TagSets;
        foreach (var tag in _tagsAll)
        {
            temp.Clear();
            tagSets.OrInto(tag, chunk, temp);
            And(bits, temp);
        }
        if (_anyRequired)
        {
            temp.Clear();
            foreach (var tag in _tagsAny) tagSets.OrInto(tag, chunk, temp);
            And(bits, temp);
        }
        foreach (var tag in _tagsNone) tagSets.AndNotInto(tag, chunk, bits);
        foreach (var codes in _languages)
        {
            temp.Clear();
            foreach (var code in codes) columns.LanguageSets.OrInto(code, chunk, temp);
            And(bits, temp);
        }
        if (_excludedLists.Length > 0) ExcludeSkills(bits, chunk, blockLo, blockHi);
        if (!_columns) return;

        // Column parts: only for ordinals still set.
        for (var w = 0; w < words; w++)
        {
            var word = bits[w];
            while (word != 0)
            {
                var bit = BitOperations.TrailingZeroCount(word);
                word &= word - 1;
                if (!BasePasses(columns, blockLo + (w << 6) + bit)) bits[w] &= ~(1UL << bit);
            }
        }
    }

    private static void And(Span<ulong> bits, ReadOnlySpan<ulong> other)
    {
        for (var w = 0; w < bits.Length; w++) bits[w] &= other[w];
    }

    /// <summary>Clears the profiles that have an excluded skill at a level above 0, from the skills' posting lists.</summary>
    private void ExcludeSkills(Span<ulong> bits, int chunk, int blockLo, int blockHi)
    {
        var b = _state.Base;
        foreach (var list in _excludedLists)
        {
            var (first, end) = b.RunsOf(list);
            for (var run = first; run < end; run++)
            {
                if (!(b.RunLevels[run] > 0)) continue;
                var (offset, length) = b.Container(run, chunk);
                if (length == 0) continue;
                if (length == b.BitmapLength)
                {
                    var words = b.Data.AsSpan(offset, length);
                    for (var w = 0; w < bits.Length; w++)
                        bits[w] &= ~((ulong)words[4 * w] | (ulong)words[4 * w + 1] << 16 | (ulong)words[4 * w + 2] << 32 | (ulong)words[4 * w + 3] << 48);
                }
                else
                {
                    foreach (var low in b.Data.AsSpan(offset, length)) bits[low >> 6] &= ~(1UL << low);
                }
            }
            var (tailStart, tailEnd) = b.TailOf(list);
            var tail = b.TailOrds.AsSpan(tailStart, tailEnd - tailStart);
            var k = tail.BinarySearch(blockLo);
            if (k < 0) k = ~k;
            for (; k < tail.Length && tail[k] < blockHi; k++)
                if (b.TailLevels[tailStart + k] > 0)
                {
                    var i = tail[k] - blockLo;
                    bits[i >> 6] &= ~(1UL << i);
                }
        }
    }

    private bool BasePasses(AttributeColumns c, int o)
    {
        if (_countries is not null && !Allowed(_countries, c.Country[o])) return false;
        if (_cities is not null && !Allowed(_cities, c.City[o])) return false;
        if ((c.Flags[o] & _flagMask) != _flagValue) return false;
        if (_years && !InYears(c.Years[o])) return false;
        if (_salary && (c.Currency[o] != _currency || c.Yearly[o] > _maxYearly)) return false;
        if (_available && c.Available[o] > _availableBy) return false;
        if (_near is not null && !Near(c.Lat[o], c.Lon[o])) return false;
        foreach (var p in _custom)
        {
            if (p.Key >= c.Custom.Length || c.Custom[p.Key] is not { } column) return false;
            var type = column.Types[o];
            if (type == 0 || !p.Passes((CustomFieldType)(type - 1), column.Values[o])) return false;
        }
        return true;
    }

    /// <summary>Whether a delta profile passes (its row and encoded vector), dead or not.</summary>
    public bool RowPasses(int ordinal, AttributeRow row, ReadOnlySpan<byte> vector, Span<int> skillBuffer)
    {
        if (ordinal == _exclude) return false;
        if (!_hasParts) return true;
        if (_impossible) return false;
        foreach (var tag in _tagsAll)
            if (Array.BinarySearch(row.Tags, tag) < 0) return false;
        if (_anyRequired)
        {
            var any = false;
            foreach (var tag in _tagsAny) any |= Array.BinarySearch(row.Tags, tag) >= 0;
            if (!any) return false;
        }
        foreach (var tag in _tagsNone)
            if (Array.BinarySearch(row.Tags, tag) >= 0) return false;
        foreach (var codes in _languages)
        {
            var any = false;
            foreach (var code in codes) any |= Array.BinarySearch(row.Languages, code) >= 0;
            if (!any) return false;
        }
        if (_excludedSkills is not null)
        {
            var n = VectorEntries.PositiveSkills(vector, skillBuffer);
            for (var i = 0; i < n; i++)
                if (_excludedSkills[skillBuffer[i]]) return false;
        }
        if (!_columns) return true;
        if (_countries is not null && !Allowed(_countries, row.Country)) return false;
        if (_cities is not null && !Allowed(_cities, row.City)) return false;
        if ((row.Flags & _flagMask) != _flagValue) return false;
        if (_years && !InYears(row.Years)) return false;
        if (_salary && (row.Currency != _currency || row.Yearly > _maxYearly)) return false;
        if (_available && row.Available > _availableBy) return false;
        if (_near is not null && !Near(row.Lat, row.Lon)) return false;
        foreach (var p in _custom)
        {
            var at = Array.FindIndex(row.Custom, cell => cell.Key == p.Key);
            if (at < 0 || !p.Passes(row.Custom[at].Type, row.Custom[at].Value)) return false;
        }
        return true;
    }

    private static bool Allowed(bool[] allowed, int id) => (uint)id < (uint)allowed.Length && allowed[id];

    private bool InYears(double years) => !double.IsNaN(years) && years >= _yearsMin && years <= _yearsMax;

    private bool Near(double lat, double lon)
    {
        if (double.IsNaN(lat)) return false;
        var near = _near!;
        if (Math.Abs(lat - near.Lat) > _latBand) return false;
        return GeoLocation.DistanceKm(near.Lat, near.Lon, lat, lon) <= near.Km;
    }

    /// <summary>
    /// A custom condition over encoded values: strings by a table over the key's text ids (the reference condition run
    /// once per distinct text), numbers and dates compared directly with the same rules.
    /// </summary>
    private sealed class CustomPredicate
    {
        public readonly int Key;
        private readonly CustomCondition _condition;
        private readonly bool[] _texts;

        public CustomPredicate(int key, CustomCondition condition, Vocabulary? texts)
        {
            Key = key;
            _condition = condition;
            var count = texts?.Count ?? 1;
            _texts = new bool[count];
            for (var id = 1; id < count; id++) _texts[id] = condition.Matches(CustomValue.Of(texts!.ValueOf(id)));
        }

        public bool Passes(CustomFieldType type, double value)
        {
            if (type == CustomFieldType.String)
            {
                var id = (int)value;
                return (uint)id < (uint)_texts.Length && _texts[id];
            }
            var c = _condition;
            if (c.Eq is { } eq && !Same(eq, type, value)) return false;
            if (c.In is { Count: > 0 } set)
            {
                var any = false;
                foreach (var x in set) any |= Same(x, type, value);
                if (!any) return false;
            }
            if (c.Min is { } min && (min.Type != type || value < Numeric(min))) return false;
            if (c.Max is { } max && (max.Type != type || value > Numeric(max))) return false;
            return true;
        }

        private static bool Same(CustomValue x, CustomFieldType type, double value) => x.Type == type && Numeric(x) == value;

        private static double Numeric(CustomValue x) => x.Type == CustomFieldType.Number ? x.Number : x.Date.DayNumber;
    }
}
