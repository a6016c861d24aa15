using System.Buffers.Binary;
using System.Text;
using Dapper;
using Matching.Core.Profiles;
using Matching.Core.Scoring;
using Matching.Core.Taxonomy;

namespace Matching.Data;

/// <summary>
/// Reads every profile's effective skills into a <see cref="MatchIndexBuilder"/>, as fast as the store can give them:
/// one row per profile (its <c>skill_vector</c>, see <see cref="SkillVectorText"/>), not one per skill, because at a
/// million profiles the cost is per row. On PostgreSQL the rows come as a raw binary COPY stream parsed on a thread of
/// its own without allocating per skill: a skill id is looked up from its bytes. The API's index (start-up) and the
/// nightly run's both load this way.
/// </summary>
internal static class IndexLoader
{
    public static Task<LoadedVectors> ReadAsync(SqlDialect db, SkillTaxonomy taxonomy, CancellationToken ct) =>
        db is PostgresDialect postgres ? ReadPostgresAsync(postgres, taxonomy, ct) : ReadSqliteAsync(db, taxonomy, ct);

    /// <summary>A ready index for a scoring run (profiles without an external id: the run needs ids only).</summary>
    public static async Task<LoadedIndex> LoadAsync(SqlDialect db, SkillTaxonomy taxonomy, MatchIndexOptions? options, CancellationToken ct)
    {
        var loaded = await ReadAsync(db, taxonomy, ct);
        var index = new MatchIndex(taxonomy, options);
        index.Load(loaded.Builder);
        return new LoadedIndex(index, loaded.Profiles);
    }

    // ---- PostgreSQL ---------------------------------------------------------------------------------------------

    // reltuples is the planner's estimate (from the last ANALYZE or VACUUM); it only sizes the arrays up front.
    private const string EstimateProfiles = """
        SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = 'profiles'::regclass
        """;

    // attributes as text: a profile without any is "{}" and is skipped without parsing.
    private const string CopyVectors = "COPY (SELECT id, external_id, skill_vector, attributes::text FROM profiles) TO STDOUT (FORMAT BINARY)";

    private static async Task<LoadedVectors> ReadPostgresAsync(PostgresDialect db, SkillTaxonomy taxonomy, CancellationToken ct)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        var estimate = await connection.ExecuteScalarAsync<long>(new CommandDefinition(EstimateProfiles, cancellationToken: ct));
        var builder = new MatchIndexBuilder(taxonomy, (int)Math.Clamp(estimate * 11 / 10, 0, 100_000_000));
        // One statement: one consistent snapshot of every profile.
        await using (var stream = await connection.BeginRawBinaryCopyAsync(CopyVectors, ct))
        await using (ct.Register(() => stream.Cancel()))
            await OnOwnThreadAsync(() => new CopyParser(stream, new SkillLookup(taxonomy), builder).Run(ct));
        return new LoadedVectors(builder, builder.Count);
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

    /// <summary>Reads PostgreSQL's binary COPY format: a header, then per row a field count and length-prefixed fields.</summary>
    private sealed class CopyParser(Stream stream, SkillLookup skills, MatchIndexBuilder builder)
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

            var vector = new VectorBuffer();
            for (var row = 0L; ; row++)
            {
                if ((row & 0x3FFF) == 0) ct.ThrowIfCancellationRequested();
                Ensure(2);
                var fields = BinaryPrimitives.ReadInt16BigEndian(_buffer.AsSpan(_position));
                _position += 2;
                if (fields == -1) return;
                if (fields != 4) throw new InvalidDataException($"Expected 4 fields per COPY row, got {fields}.");

                var id = Encoding.UTF8.GetString(Field(out _));
                var externalBytes = Field(out var externalNull);
                var externalId = externalNull ? null : Encoding.UTF8.GetString(externalBytes);
                vector.Read(Field(out _), skills);
                var attributes = Attributes(Field(out _));
                builder.Add(id, externalId, vector.Entries, attributes);
            }
        }

        // "PGCOPY\n\377\r\n\0"
        private static ReadOnlySpan<byte> CopySignature => [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00];

        private ReadOnlySpan<byte> Field(out bool isNull)
        {
            var length = ReadInt32();
            isNull = length < 0;
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

    // ---- SQLite -------------------------------------------------------------------------------------------------

    private const string SelectVectors = """
        SELECT id, external_id, skill_vector, attributes FROM profiles
        """;

    private static async Task<LoadedVectors> ReadSqliteAsync(SqlDialect db, SkillTaxonomy taxonomy, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginReadAsync(connection, ct);
        var builder = new MatchIndexBuilder(taxonomy);
        var skills = new SkillLookup(taxonomy);
        var vector = new VectorBuffer();
        var bytes = new byte[4096];
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(SelectVectors, transaction: tx, cancellationToken: ct));
        while (await reader.ReadAsync(ct))
        {
            var text = reader.GetString(2);
            if (Encoding.UTF8.GetMaxByteCount(text.Length) > bytes.Length) bytes = new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
            var length = Encoding.UTF8.GetBytes(text, bytes);
            vector.Read(bytes.AsSpan(0, length), skills);
            builder.Add(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), vector.Entries,
                AttributesOf(reader.GetString(3)));
        }
        return new LoadedVectors(builder, builder.Count);
    }

    // ---- both -------------------------------------------------------------------------------------------------

    /// <summary>A stored attributes document; null for none ("{}", most profiles), without parsing.</summary>
    private static ProfileAttributes? Attributes(ReadOnlySpan<byte> json) =>
        json.Length <= 2 ? null : SearchDocuments.ReadAttributes(Encoding.UTF8.GetString(json)).Attributes;

    private static ProfileAttributes? AttributesOf(string json) =>
        json.Length <= 2 ? null : SearchDocuments.ReadAttributes(json).Attributes;

    /// <summary>One profile's entries, reused from row to row.</summary>
    private sealed class VectorBuffer
    {
        private IndexedOrdinal[] _entries = new IndexedOrdinal[64];
        private int _count;

        public ReadOnlySpan<IndexedOrdinal> Entries => _entries.AsSpan(0, _count);

        public void Read(ReadOnlySpan<byte> text, SkillLookup skills)
        {
            _count = 0;
            var reader = new SkillVectorText.Utf8Reader(text);
            while (reader.MoveNext())
            {
                if (_count == _entries.Length) Array.Resize(ref _entries, _count * 2);
                _entries[_count++] = new IndexedOrdinal(skills.Find(reader.SkillId), reader.Level, reader.Source,
                    reader.Via.IsEmpty ? -1 : skills.Find(reader.Via));
            }
        }
    }

    /// <summary>Skill id → taxonomy ordinal, looked up from UTF-8 bytes without making a string.</summary>
    private sealed class SkillLookup
    {
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private readonly char[] _chars = new char[256];

        public SkillLookup(SkillTaxonomy taxonomy)
        {
            var ordinals = new Dictionary<string, int>(taxonomy.Count, StringComparer.Ordinal);
            for (var i = 0; i < taxonomy.Count; i++) ordinals[taxonomy[i].Id] = i;
            _lookup = ordinals.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        /// <summary>-1 for a skill the taxonomy does not have (the index ignores it, as the scorer does).</summary>
        public int Find(ReadOnlySpan<byte> id)
        {
            if (id.Length > _chars.Length) return -1; // longer than any slug
            var length = Encoding.UTF8.GetChars(id, _chars);
            return _lookup.TryGetValue(_chars.AsSpan(0, length), out var ordinal) ? ordinal : -1;
        }
    }
}
