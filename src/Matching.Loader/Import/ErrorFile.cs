using System.Text.Encodings.Web;
using System.Text.Json;

namespace Matching.Loader.Import;

/// <summary>
/// The records an import did not store, one JSON object a line: <c>{"line": 12, "externalId", "code", "message"}</c>
/// (<c>"file"</c> instead of <c>"line"</c> for a folder). Never the questionnaire's text. Created on the first error; a
/// file left by an earlier run is removed at the start, so the file always describes the latest run.
/// </summary>
public sealed class ErrorFile : IDisposable
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string _path;
    private FileStream? _stream;
    private Utf8JsonWriter? _writer;

    public ErrorFile(string path)
    {
        _path = Path.GetFullPath(path);
        File.Delete(_path);
    }

    public string FullPath => _path;
    public int Count { get; private set; }

    /// <summary>The default beside the input: <c>questionnaires.jsonl</c> → <c>questionnaires.errors.jsonl</c>, a folder <c>q/</c> → <c>q.errors.jsonl</c>.</summary>
    public static string DefaultFor(string input)
    {
        var full = Path.GetFullPath(input).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return Directory.Exists(full)
            ? full + ".errors.jsonl"
            : Path.Combine(Path.GetDirectoryName(full) ?? ".", Path.GetFileNameWithoutExtension(full) + ".errors.jsonl");
    }

    /// <summary>Not thread-safe: the importer calls it one record at a time. Flushed per line, so a killed run keeps its errors.</summary>
    public void Write(ImportError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (_writer is null)
        {
            _stream = new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.Read);
            _writer = new Utf8JsonWriter(_stream, Options);
        }
        _writer.WriteStartObject();
        if (error.Line is { } line) _writer.WriteNumber("line", line);
        if (error.File is { } file) _writer.WriteString("file", file);
        _writer.WriteString("externalId", error.ExternalId);
        _writer.WriteString("code", error.Code);
        _writer.WriteString("message", error.Message);
        _writer.WriteEndObject();
        _writer.Flush();
        _writer.Reset();
        _stream!.WriteByte((byte)'\n');
        _stream.Flush();
        Count++;
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _stream?.Dispose();
    }
}
