using System.Buffers.Binary;
using System.Data.Common;
using System.Runtime.InteropServices;
using System.Text;
using Dapper;
using Matching.Core.Profiles;
using Matching.Core.Scoring;
using Matching.Core.Taxonomy;
using Npgsql;

namespace Matching.Data;

/// <summary>
/// Loads every profile's effective skills into a <see cref="MatchIndex"/> for a scoring run, as fast as the store can
/// give them. A million profiles are ~30 million skill rows, and at that size the cost is per row: PostgreSQL spends
/// about half a microsecond producing each one, a client that allocates two strings per row as much again. So on
/// PostgreSQL the rows come as several raw binary COPY streams over block ranges of the table (one server process and
/// one parsing thread each, all in one exported snapshot), parsed without allocating: a profile id becomes a string
/// only when it changes, a skill id is looked up from its bytes.
/// </summary>
internal static class IndexLoader
{
    public static Task<LoadedIndex> LoadAsync(SqlDialect db, SkillTaxonomy taxonomy, MatchIndexOptions? options, int streams, CancellationToken ct) =>
        db is PostgresDialect postgres
            ? LoadPostgresAsync(postgres, taxonomy, options, Math.Max(1, streams), ct)
            : LoadSqliteAsync(db, taxonomy, options, ct);

    // ---- PostgreSQL ---------------------------------------------------------------------------------------------

    private const string ExportSnapshot = """
        BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
        SELECT pg_export_snapshot();
        """;

    // reltuples is the planner's estimate (from the last ANALYZE or VACUUM); it only sizes the arrays up front.
    private const string SnapshotFacts = """
        SELECT (SELECT count(*) FROM profiles) AS Profiles,
               pg_relation_size('profile_skills') / current_setting('block_size')::bigint AS Pages,
               (SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = 'profile_skills'::regclass) AS EstimatedRows
        """;

    private static async Task<LoadedIndex> LoadPostgresAsync(PostgresDialect db, SkillTaxonomy taxonomy, MatchIndexOptions? options,
        int streams, CancellationToken ct)
    {
        // The exporting transaction stays open until every stream has imported its snapshot (here: until all are done).
        await using var coordinator = await db.DataSource.OpenConnectionAsync(ct);
        var snapshot = await coordinator.ExecuteScalarAsync<string>(new CommandDefinition(ExportSnapshot, cancellationToken: ct))
                       ?? throw new InvalidOperationException("PostgreSQL exported no snapshot.");
        var facts = await coordinator.QuerySingleAsync<SnapshotFactsRow>(new CommandDefinition(SnapshotFacts, cancellationToken: ct));

        var ranges = BlockRanges(facts.Pages, streams);
        var skills = new SkillLookup(taxonomy);
        var capacity = (int)Math.Min(Array.MaxLength, facts.EstimatedRows * 11 / 10 / ranges.Count + 4096);
        // The parser blocks on its stream for most of its life: a thread of its own keeps it off the thread pool.
        var parts = await Task.WhenAll(ranges.Select(async range =>
        {
            await using var connection = await db.DataSource.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(
                $"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '{snapshot}'", cancellationToken: ct));
            var rows = new SkillRows(capacity);
            await using (var stream = await connection.BeginRawBinaryCopyAsync(CopySql(range), ct))
            await using (ct.Register(() => stream.Cancel()))
                await OnOwnThreadAsync(() => new CopyParser(stream, skills, rows).Run(ct));
            await connection.ExecuteAsync(new CommandDefinition("COMMIT", cancellationToken: ct));
            return rows;
        }));
        await coordinator.ExecuteAsync(new CommandDefinition("COMMIT", cancellationToken: ct));

        return new LoadedIndex(Build(taxonomy, options, parts), checked((int)facts.Profiles));
    }

    private static Task OnOwnThreadAsync(Action work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                work();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "Index loader",
        };
        thread.Start();
        return done.Task;
    }

    private static IReadOnlyList<(long From, long? To)> BlockRanges(long pages, int streams)
    {
        if (pages < 1024 || streams == 1) return [(0, null)];
        var ranges = new List<(long, long?)>(streams);
        for (var i = 0; i < streams; i++)
            ranges.Add((pages * i / streams, i == streams - 1 ? null : pages * (i + 1) / streams));
        return ranges;
    }

    // Rows added after the size was read are past the last range's start, so it is left open. The source is sent as
    // is: comparing it here costs more than reading its first byte on the client.
    private static string CopySql((long From, long? To) range)
    {
        var where = range is { From: 0, To: null }
            ? ""
            : $" WHERE ctid >= '({range.From},0)'::tid" + (range.To is { } to ? $" AND ctid < '({to},0)'::tid" : "");
        return $"COPY (SELECT profile_id, skill_id, level, source FROM profile_skills{where}) TO STDOUT (FORMAT BINARY)";
    }

    /// <summary>Reads PostgreSQL's binary COPY format: a header, then per row a field count and length-prefixed fields.</summary>
    private sealed class CopyParser(Stream stream, SkillLookup skills, SkillRows rows)
    {
        private byte[] _buffer = new byte[1 << 20];
        private int _position;
        private int _end;

        public void Run(CancellationToken ct)
        {
            Ensure(19);
            if (!_buffer.AsSpan(0, 11).SequenceEqual(CopySignature))
                throw new InvalidDataException("The COPY stream does not start with PostgreSQL's binary signature.");
            _position = 15;
            var extension = ReadInt32();
            Skip(extension);

            var previousId = new byte[64];
            var previousLength = -1;
            var chars = new char[256];
            for (var row = 0L; ; row++)
            {
                if ((row & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
                Ensure(2);
                var fields = BinaryPrimitives.ReadInt16BigEndian(_buffer.AsSpan(_position));
                _position += 2;
                if (fields == -1) return;
                if (fields != 4) throw new InvalidDataException($"Expected 4 fields per COPY row, got {fields}.");

                var id = Field();
                if (id.Length != previousLength || !id.SequenceEqual(previousId.AsSpan(0, previousLength)))
                {
                    if (id.Length > previousId.Length) previousId = new byte[id.Length * 2];
                    id.CopyTo(previousId);
                    previousLength = id.Length;
                    rows.StartProfile(Encoding.UTF8.GetString(id));
                }
                var skillBytes = Field();
                if (skillBytes.Length > chars.Length) chars = new char[skillBytes.Length * 2];
                var skill = skills.Find(chars.AsSpan(0, Encoding.UTF8.GetChars(skillBytes, chars)));
                var levelBytes = Field();
                var level = levelBytes.Length == 8 ? BinaryPrimitives.ReadDoubleBigEndian(levelBytes) : 0;
                var source = Field();
                var isExplicit = source.Length == 0 || source[0] != (byte)'i'; // 'inferred'
                if (skill >= 0) rows.Add(skill, level, isExplicit);
            }
        }

        // "PGCOPY\n\377\r\n\0"
        private static ReadOnlySpan<byte> CopySignature => [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00];

        private ReadOnlySpan<byte> Field()
        {
            var length = ReadInt32();
            if (length < 0) return [];
            Ensure(length);
            var span = _buffer.AsSpan(_position, length);
            _position += length;
            return span;
        }

        private int ReadInt32()
        {
            Ensure(4);
            var value = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_position));
            _position += 4;
            return value;
        }

        private void Skip(int count)
        {
            Ensure(count);
            _position += count;
        }

        private void Ensure(int count)
        {
            if (_end - _position >= count) return;
            if (count > _buffer.Length)
            {
                var bigger = new byte[Math.Max(count, _buffer.Length * 2)];
                _buffer.AsSpan(_position, _end - _position).CopyTo(bigger);
                _buffer = bigger;
            }
            else
            {
                _buffer.AsSpan(_position, _end - _position).CopyTo(_buffer);
            }
            _end -= _position;
            _position = 0;
            while (_end < count)
            {
                var read = stream.Read(_buffer, _end, _buffer.Length - _end);
                if (read == 0) throw new EndOfStreamException("The COPY stream ended in the middle of a row.");
                _end += read;
            }
        }
    }

    private sealed record SnapshotFactsRow
    {
        public long Profiles { get; init; }
        public long Pages { get; init; }
        public long EstimatedRows { get; init; }
    }

    // ---- SQLite -------------------------------------------------------------------------------------------------

    private const string CountProfiles = """
        SELECT count(*) FROM profiles
        """;

    private const string SelectSkills = """
        SELECT profile_id, skill_id, level, source FROM profile_skills ORDER BY profile_id
        """;

    private static async Task<LoadedIndex> LoadSqliteAsync(SqlDialect db, SkillTaxonomy taxonomy, MatchIndexOptions? options, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginReadAsync(connection, ct);
        var profiles = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountProfiles, transaction: tx, cancellationToken: ct));
        var skills = new SkillLookup(taxonomy);
        var rows = new SkillRows(1 << 16);
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(SelectSkills, transaction: tx, cancellationToken: ct)))
        {
            string? previous = null;
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetString(0);
                if (!string.Equals(id, previous, StringComparison.Ordinal)) rows.StartProfile(previous = id);
                var skill = skills.Find(reader.GetString(1));
                if (skill >= 0) rows.Add(skill, reader.GetDouble(2), reader.GetString(3) != "inferred");
            }
        }
        return new LoadedIndex(Build(taxonomy, options, [rows]), checked((int)profiles));
    }

    // ---- both -------------------------------------------------------------------------------------------------

    /// <summary>
    /// Gathers each profile's rows (a profile's rows may be spread over the streams or out of order within one), and
    /// feeds the builder one profile at a time, in id order, which spares it a sort.
    /// </summary>
    private static MatchIndex Build(SkillTaxonomy taxonomy, MatchIndexOptions? options, IReadOnlyList<SkillRows> parts)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in parts) ids.UnionWith(part.Ids);
        var sorted = ids.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        var ordinalOf = new Dictionary<string, int>(sorted.Length, StringComparer.Ordinal);
        for (var i = 0; i < sorted.Length; i++) ordinalOf[sorted[i]] = i;

        var starts = new int[sorted.Length + 1];
        var remaps = new int[parts.Count][];
        long total = 0;
        for (var p = 0; p < parts.Count; p++)
        {
            var part = parts[p];
            var remap = remaps[p] = new int[part.Ids.Count];
            for (var local = 0; local < remap.Length; local++) remap[local] = ordinalOf[part.Ids[local]];
            for (var k = 0; k < part.Count; k++) starts[remap[part.Profile[k]] + 1]++;
            total += part.Count;
        }
        for (var i = 0; i < sorted.Length; i++) starts[i + 1] += starts[i];

        var skills = new ushort[total];
        var levels = new float[total];
        var cursor = starts.AsSpan(0, sorted.Length).ToArray();
        for (var p = 0; p < parts.Count; p++)
        {
            var part = parts[p];
            var remap = remaps[p];
            for (var k = 0; k < part.Count; k++)
            {
                var at = cursor[remap[part.Profile[k]]]++;
                skills[at] = part.Skill[k];
                levels[at] = part.Level[k];
            }
            part.Release();
        }

        var builder = new MatchIndexBuilder(taxonomy, sorted.Length, sorted.Length == 0 ? 1 : (int)(total / sorted.Length) + 1);
        var vector = new List<IndexedSkill>(64);
        for (var i = 0; i < sorted.Length; i++)
        {
            vector.Clear();
            for (var k = starts[i]; k < starts[i + 1]; k++)
            {
                var s = skills[k];
                vector.Add(new IndexedSkill(taxonomy[s & SkillRows.OrdinalMask].Id, levels[k],
                    (s & SkillRows.ExplicitBit) != 0 ? SkillSource.Mentioned : SkillSource.Inferred));
            }
            builder.Add(sorted[i], null, CollectionsMarshal.AsSpan(vector));
        }
        var index = new MatchIndex(taxonomy, options);
        index.Load(builder);
        return index;
    }

    /// <summary>Skill id → taxonomy ordinal, looked up from characters without making a string.</summary>
    private sealed class SkillLookup
    {
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public SkillLookup(SkillTaxonomy taxonomy)
        {
            if (taxonomy.Count > SkillRows.OrdinalMask)
                throw new NotSupportedException($"The loader packs skill ordinals in 15 bits; the taxonomy has {taxonomy.Count} skills.");
            var ordinals = new Dictionary<string, int>(taxonomy.Count, StringComparer.Ordinal);
            for (var i = 0; i < taxonomy.Count; i++) ordinals[taxonomy[i].Id] = i;
            _lookup = ordinals.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        /// <summary>-1 for a skill the taxonomy does not have (the index would ignore it too).</summary>
        public int Find(ReadOnlySpan<char> id) => _lookup.TryGetValue(id, out var ordinal) ? ordinal : -1;
    }

    /// <summary>Rows of one stream as flat arrays: per row the local profile number, the skill (with a flag bit) and the level.</summary>
    private sealed class SkillRows
    {
        public const int ExplicitBit = 0x8000;
        public const int OrdinalMask = 0x7FFF;

        private readonly Dictionary<string, int> _locals = new(StringComparer.Ordinal);
        private int _current = -1;

        public SkillRows(int capacity)
        {
            capacity = Math.Max(1024, capacity);
            Profile = GC.AllocateUninitializedArray<int>(capacity);
            Skill = GC.AllocateUninitializedArray<ushort>(capacity);
            Level = GC.AllocateUninitializedArray<float>(capacity);
        }

        public List<string> Ids { get; } = [];
        public int[] Profile { get; private set; }
        public ushort[] Skill { get; private set; }
        public float[] Level { get; private set; }
        public int Count { get; private set; }

        public void StartProfile(string id)
        {
            if (!_locals.TryGetValue(id, out _current))
            {
                _current = Ids.Count;
                _locals[id] = _current;
                Ids.Add(id);
            }
        }

        public void Add(int skill, double level, bool isExplicit)
        {
            if (Count == Profile.Length)
            {
                var capacity = (int)Math.Min(Array.MaxLength, Profile.Length * 2L);
                if (capacity == Count) throw new InvalidOperationException("Too many profile skills to load into one index.");
                Profile = Resize(Profile, capacity);
                Skill = Resize(Skill, capacity);
                Level = Resize(Level, capacity);
            }
            Profile[Count] = _current;
            Skill[Count] = (ushort)(skill | (isExplicit ? ExplicitBit : 0));
            // The index keeps levels as floats (ScoringRules.Quantize), so nothing is lost here.
            Level[Count] = (float)Math.Clamp(double.IsNaN(level) ? 0 : level, 0, 1);
            Count++;
        }

        public void Release()
        {
            Profile = [];
            Skill = [];
            Level = [];
        }

        private static T[] Resize<T>(T[] array, int capacity)
        {
            var bigger = GC.AllocateUninitializedArray<T>(capacity);
            array.AsSpan().CopyTo(bigger);
            return bigger;
        }
    }
}
