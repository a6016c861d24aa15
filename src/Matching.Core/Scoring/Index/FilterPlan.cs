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
    /// <summary>Column parts checked 64 ordinals at a time in one loop (the years range has a chunk-wide loop of its own).</summary>
    private readonly bool _perWord;
    /// <summary>Parts checked per profile after the vectorised ones (an exact salary, the haversine, some custom conditions).</summary>
    private readonly bool _scalar;
    private readonly bool[]? _countries;
    private readonly bool[]? _cities;
    private readonly int[]? _countryIds;
    private readonly int[]? _cityIds;
    private readonly int _flagMask;
    private readonly int _flagValue;
    private readonly bool _years;
    private readonly double _yearsMin = double.NegativeInfinity;
    private readonly double _yearsMax = double.PositiveInfinity;
    /// <summary>The years range and the latitude band over the base's ordered codes.</summary>
    private readonly OrderedCodes.Range _yearsCodes;
    private readonly OrderedCodes.Range _latCodes;
    private readonly bool _salary;
    private readonly int _currency;
    private readonly decimal _maxYearly;
    private readonly int _availableBy = int.MaxValue;
    private readonly bool _available;
    private readonly NearPoint? _near;
    private readonly double _latBand;
    /// <summary>The most a longitude may differ (degrees, wrapped) for a point in the latitude band to be within the radius; ∞ near the poles.</summary>
    private readonly double _lonBand = double.PositiveInfinity;
    /// <summary>The radius as a chord of the unit sphere, squared, less and more a margin: below it in, above it out, between exact.</summary>
    private readonly float _chordIn = -1;
    private readonly float _chordOut = float.PositiveInfinity;
    private readonly (float X, float Y, float Z) _centre;
    private readonly CustomPredicate[] _custom = [];

    public bool IsEmpty => !_hasParts && _exclude < 0;

    /// <summary>The countries and the cities a profile must be in to pass (null: any).</summary>
    public int[]? CountryIds => _countryIds;
    public int[]? CityIds => _cityIds;

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
            if (location.Countries is { Count: > 0 } countries)
            {
                _countryIds = countries.Select(c => v.Countries.Find(c.Trim().ToUpperInvariant())).Where(id => id > 0).Distinct().ToArray();
                _countries = Allowed(v.Countries, _countryIds);
                _impossible |= _countryIds.Length == 0;
            }
            if (location.Cities is { Count: > 0 } cities)
            {
                _cityIds = cities.Select(c => v.Cities.Find(ProfileAttributes.CityKey(c))).Where(id => id > 0).Distinct().ToArray();
                _cities = Allowed(v.Cities, _cityIds);
                _impossible |= _cityIds.Length == 0;
            }
            if (location.Near is { } near)
            {
                _near = near;
                // The great-circle distance is at least the meridian distance: R × |Δlat| in radians.
                _latBand = near.Km / (6371.0088 * Math.PI / 180) * (1 + 1e-9) + 1e-9;
                // haversine a ≥ cos φ1 cos φ2 sin²(Δλ/2): with both cosines at least their band minimum, a longitude
                // difference beyond 2 asin(sin(d / 2R) / √(cos φc · cos φmin)) is out of reach.
                var half = near.Km / (2 * 6371.0088);
                var poleward = Math.Min(90, Math.Abs(near.Lat) + _latBand) * Math.PI / 180;
                var cosProduct = Math.Cos(near.Lat * Math.PI / 180) * Math.Cos(poleward);
                if (half < Math.PI / 2 && cosProduct > 1e-6)
                {
                    var t = Math.Sin(half) / Math.Sqrt(cosProduct);
                    if (t < 0.999) _lonBand = 2 * Math.Asin(t) * 180 / Math.PI * (1 + 1e-9) + 1e-9;
                }
                // d = 2R asin(chord / 2): within the radius exactly when the chord is at most 2 sin(d / 2R). The margin
                // (1e-4 of the unit sphere, about 640 m) dwarfs the rounding of the fixed-point vectors (below 3e-5) and of
                // the single-precision arithmetic; profiles inside it get the haversine itself. All in units of the scale.
                if (half < Math.PI / 2 - 1e-6 && !double.IsNaN(near.Lat) && !double.IsNaN(near.Lon))
                {
                    const double margin = 1e-4;
                    const double scale = AttributeColumns.UnitScale;
                    var chord = 2 * Math.Sin(half);
                    _chordIn = chord > margin ? (float)((chord - margin) * (chord - margin) * scale * scale) : -1;
                    _chordOut = (float)((chord + margin) * (chord + margin) * scale * scale);
                    var (x, y, z) = AttributeColumns.UnitVector(near.Lat, near.Lon);
                    _centre = ((float)(x * scale), (float)(y * scale), (float)(z * scale));
                }
                _latCodes = state.Base.Attributes.LatCodes.Select(near.Lat - _latBand, near.Lat + _latBand);
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
            _yearsCodes = state.Base.Attributes.YearsCodes.Select(_yearsMin, _yearsMax);
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
                var columns = state.Base.Attributes.Custom;
                predicates.Add(new CustomPredicate(id, condition, v.FindCustomTexts(id), id < columns.Length ? columns[id]?.ValueCodes : null));
            }
            _custom = predicates.ToArray();
        }
        _scalar = _salary || _custom.Any(c => c.NeedsScalar);
        _perWord = _scalar || _near is not null || _flagMask != 0 || _available || _custom.Length > 0;
        _columns = _perWord || _years;
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
        if (_countryIds is not null)
        {
            temp.Clear();
            foreach (var id in _countryIds) columns.CountrySets.OrInto(id, chunk, temp);
            And(bits, temp);
        }
        if (_cityIds is not null)
        {
            temp.Clear();
            foreach (var id in _cityIds) columns.CitySets.OrInto(id, chunk, temp);
            And(bits, temp);
        }
        if (_excludedLists.Length > 0) ExcludeSkills(bits, chunk, blockLo, blockHi);
        if (!_columns) return;
        if (_years) columns.YearsCodes.AndInto(bits, blockLo, blockHi, _yearsCodes);
        if (!_perWord) return;

        // Column parts, 64 ordinals at a time (vectorised), only where some are still set; then the per-profile ones.
        var near = _near;
        for (var w = 0; w < words; w++)
        {
            var word = bits[w];
            if (word == 0) continue;
            var o = blockLo + (w << 6);
            var length = Math.Min(64, blockHi - o);
            if (_flagMask != 0) word &= ColumnMasks.MaskedEquals(columns.Flags.AsSpan(o, length), (byte)_flagMask, (byte)_flagValue);
            if (_available && word != 0) word &= ColumnMasks.AtMost(columns.Available.AsSpan(o, length), _availableBy);
            if (_salary && word != 0) word &= ColumnMasks.EqualTo(columns.Currency.AsSpan(o, length), _currency);
            if (near is not null && word != 0)
            {
                word = columns.LatCodes.Mask(o, length, _latCodes, word);
                if (word != 0)
                {
                    // Few left: read only their unit vectors; many: 8 at a time.
                    var (inside, outside) = BitOperations.PopCount(word) <= 12
                        ? ChordOf(columns, o, word)
                        : ColumnMasks.Chord(columns.X.AsSpan(o, length), columns.Y.AsSpan(o, length), columns.Z.AsSpan(o, length),
                            _centre, _chordIn, _chordOut);
                    word &= ~outside;
                    for (var rest = word & ~inside; rest != 0; rest &= rest - 1)
                    {
                        var bit = BitOperations.TrailingZeroCount(rest);
                        if (!(GeoLocation.DistanceKm(near.Lat, near.Lon, columns.Lat[o + bit], columns.Lon[o + bit]) <= near.Km)) word &= ~(1UL << bit);
                    }
                }
            }
            foreach (var p in _custom)
                if (word != 0) word = p.Mask(columns, o, length, word);
            if (_scalar)
            {
                for (var rest = word; rest != 0; rest &= rest - 1)
                {
                    var bit = BitOperations.TrailingZeroCount(rest);
                    if (!ScalarPasses(columns, o + bit)) word &= ~(1UL << bit);
                }
            }
            bits[w] = word;
        }
    }

    private (ulong Inside, ulong Outside) ChordOf(AttributeColumns c, int o, ulong word)
    {
        ulong inside = 0, outside = 0;
        for (; word != 0; word &= word - 1)
        {
            var bit = BitOperations.TrailingZeroCount(word);
            var dx = c.X[o + bit] - _centre.X;
            var dy = c.Y[o + bit] - _centre.Y;
            var dz = c.Z[o + bit] - _centre.Z;
            var d = dx * dx + dy * dy + dz * dz;
            if (d < _chordIn) inside |= 1UL << bit;
            if (d > _chordOut) outside |= 1UL << bit;
        }
        return (inside, outside);
    }

    /// <summary>The parts the vectorised masks leave to one profile at a time.</summary>
    private bool ScalarPasses(AttributeColumns c, int o)
    {
        if (_salary && c.Yearly[o] > _maxYearly) return false;
        foreach (var p in _custom)
        {
            if (!p.NeedsScalar) continue;
            var column = c.Custom[p.Key]!;
            if (!p.Passes((CustomFieldType)(column.Types[o] - 1), column.Values[o])) return false;
        }
        return true;
    }

    private static void And(Span<ulong> bits, ReadOnlySpan<ulong> other) => BitWords.Apply(BitWords.Op.And, bits, other);

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
        if (_countries is not null && !Allowed(_countries, row.Country)) return false;
        if (_cities is not null && !Allowed(_cities, row.City)) return false;
        if (!_columns) return true;
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
        if (_lonBand < 180 && Math.Min(Math.Abs(lon - near.Lon), 360 - Math.Abs(lon - near.Lon)) > _lonBand) return false;
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
        /// <summary>The one type (+ 1) a passing value can have; -1 any type; 0 none (parts of two types).</summary>
        private readonly int _type = -1;
        private readonly double _lo = double.NegativeInfinity;
        private readonly double _hi = double.PositiveInfinity;
        /// <summary>Whether <see cref="Passes"/> must still run for the profiles <see cref="Mask"/> keeps.</summary>
        public readonly bool NeedsScalar;

        /// <summary>The base column's numbers and dates as codes, and the range over them (when there is one).</summary>
        private readonly OrderedCodes? _codes;
        private readonly OrderedCodes.Range _range;

        public CustomPredicate(int key, CustomCondition condition, Vocabulary? texts, OrderedCodes? codes)
        {
            Key = key;
            _condition = condition;
            var count = texts?.Count ?? 1;
            _texts = new bool[count];
            for (var id = 1; id < count; id++) _texts[id] = condition.Matches(CustomValue.Of(texts!.ValueOf(id)));
            if (condition.In is { Count: > 0 })
            {
                NeedsScalar = true;
                return;
            }
            var types = new[] { condition.Eq, condition.Min, condition.Max }.Where(x => x is not null).Select(x => x!.Value.Type).Distinct().ToArray();
            if (types.Length == 0) return;
            if (types.Length > 1)
            {
                _type = 0;
                return;
            }
            _type = (int)types[0] + 1;
            if (types[0] == CustomFieldType.String)
            {
                NeedsScalar = true;
                return;
            }
            if (condition.Eq is { } eq) _lo = _hi = Numeric(eq);
            if (condition.Min is { } min) _lo = Math.Max(_lo, Numeric(min));
            if (condition.Max is { } max) _hi = Math.Min(_hi, Numeric(max));
            _codes = codes;
            _range = codes?.Select(_lo, _hi) ?? default;
        }

        /// <summary>The 64 ordinals from <paramref name="o"/>: which of <paramref name="within"/> have the key with a value of the right type and range.</summary>
        public ulong Mask(AttributeColumns c, int o, int length, ulong within)
        {
            if (_type == 0 || Key >= c.Custom.Length || c.Custom[Key] is not { } column) return 0;
            var types = column.Types.AsSpan(o, length);
            if (_type < 0) return within & ColumnMasks.MaskedEquals(types, 0xFF, 0, negate: true);
            var mask = within & ColumnMasks.MaskedEquals(types, 0xFF, (byte)_type);
            // A number or date range: the column has such values (the type matched), so it has their codes.
            if (mask != 0 && _type != (int)CustomFieldType.String + 1 && (_lo > double.NegativeInfinity || _hi < double.PositiveInfinity))
                mask = _codes!.Mask(o, length, _range, mask);
            return mask;
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
