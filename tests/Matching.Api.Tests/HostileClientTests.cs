using System.Net;
using System.Net.Sockets;
using System.Text;
using Matching.Data;
using Matching.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Matching.Api.Tests;

/// <summary>
/// Malformed and quirky requests against the real server (Kestrel on a loopback port, so its limits and body reading are
/// the production ones): none may get a 5xx, every 4xx must be problem+json of the one model, and nothing may be logged
/// as an unhandled error. SQLite and PostgreSQL.
/// </summary>
public abstract class HostileClientTests(KestrelApiFixture fixture)
{
    private const string Key = ApiFactory.AdminKey;

    public sealed record Probe(string Name, HttpMethod Method, string Path, string? Body = null, string? ContentType = "application/json",
        IReadOnlyDictionary<string, string>? Headers = null)
    {
        public override string ToString() => Name;
    }

    private static string Repeat(char c, int n) => new(c, n);

    public static TheoryData<Probe> Probes()
    {
        var post = HttpMethod.Post;
        var get = HttpMethod.Get;
        const string python = """{ "skill": "python" }""";
        var probes = new List<Probe>
        {
            new("bad json", post, "/match", "{ not json"),
            new("truncated json", post, "/match", """{ "requirements": [ """),
            new("empty body", post, "/match", ""),
            new("json null", post, "/match", "null"),
            new("json array for an object", post, "/match", "[]"),
            new("json string for an object", post, "/match", "\"match\""),
            new("NaN literal", post, "/match", $$"""{ "requirements": [{{python}}], "minScore": NaN }"""),
            new("number too big for a double", post, "/match", $$"""{ "requirements": [{{python}}], "topK": 1e400 }"""),
            new("number too big for an int", post, "/match", $$"""{ "requirements": [{{python}}], "topK": 99999999999999999999 }"""),
            new("negative topK", post, "/match", $$"""{ "requirements": [{{python}}], "topK": -1 }"""),
            new("fractional topK", post, "/match", $$"""{ "requirements": [{{python}}], "topK": 1.5 }"""),
            new("string for a number", post, "/match", $$"""{ "requirements": [{{python}}], "minScore": "50" }"""),
            new("huge weight", post, "/match", """{ "requirements": [ { "skill": "python", "weight": 1e308 } ] }"""),
            new("minLevel above 1", post, "/match", """{ "requirements": [ { "skill": "python", "minLevel": 2 } ] }"""),
            new("null requirement", post, "/match", """{ "requirements": [ null ] }"""),
            new("null skill", post, "/match", """{ "requirements": [ { "skill": null } ] }"""),
            new("number for a skill", post, "/match", """{ "requirements": [ { "skill": 123 } ] }"""),
            new("object for a skill", post, "/match", """{ "requirements": [ { "skill": { "id": "python" } } ] }"""),
            new("control characters in a skill", post, "/match", """{ "requirements": [ { "skill": "py\u0001th\u0000on" } ] }"""),
            new("101 requirements", post, "/match", "{ \"requirements\": [" + string.Join(",", Enumerable.Repeat(python, 101)) + "] }"),
            new("deeply nested unknown property", post, "/match", "{ \"x\": " + Repeat('[', 5000) + Repeat(']', 5000) + ", \"requirements\": [" + python + "] }"),
            new("both jobId and requirements", post, "/match", $$"""{ "jobId": "j_1", "requirements": [{{python}}] }"""),
            new("byte order mark", post, "/match", "\uFEFF{ \"requirements\": [" + python + "] }"),
            new("duplicate keys", post, "/match", $$"""{ "topK": 1, "topK": 2, "requirements": [{{python}}] }"""),
            new("NUL in questionnaire", post, "/profiles", """{ "questionnaire": { "format": "text", "content": "Python\u0000" } }"""),
            new("questionnaire too long", post, "/profiles/extract",
                "{ \"questionnaire\": { \"format\": \"text\", \"content\": \"" + Repeat('a', 100_001) + "\" } }"),
            new("qa with content", post, "/profiles/extract", """{ "questionnaire": { "format": "qa", "content": "x" } }"""),
            new("unknown language", post, "/profiles/extract", """{ "language": "<script>", "questionnaire": { "format": "text", "content": "Python" } }"""),
            new("text/plain body", post, "/profiles", "Python, Docker", "text/plain"),
            new("xml body", post, "/profiles", "<questionnaire/>", "application/xml"),
            new("form body", post, "/match", "topK=1", "application/x-www-form-urlencoded"),
            new("multipart body", post, "/profiles", "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n--b--\r\n", "multipart/form-data; boundary=b"),
            new("no content type", post, "/match", $$"""{ "requirements": [{{python}}] }""", null),
            new("latin1 charset with invalid utf-8", post, "/match", "{ \"requirements\": [ { \"skill\": \"\u00ff\u00fe\" } ] }", "application/json; charset=iso-8859-1"),
            new("empty patch", HttpMethod.Patch, "/profiles/p_missing/skills", "{}"),
            new("patch with a level out of range", HttpMethod.Patch, "/profiles/p_missing/skills", """{ "skills": [ { "skill": "docker", "level": 1.5 } ] }"""),
            new("put to a post route", HttpMethod.Put, "/match", "{}"),
            new("trace", new HttpMethod("TRACE"), "/skills", null, null),
            new("unknown method", new HttpMethod("BREW"), "/skills", null, null),
            new("unknown route", get, "/no/such/route", null, null),
            new("double slash", get, "/profiles//p_1", null, null),
            new("percent-encoded control character in the query", get, "/profiles?externalId=%01", null, null),
            new("invalid utf-8 in the path", get, "/profiles/%FF%FE", null, null),
            new("path traversal", get, "/profiles/..%2F..%2Fetc%2Fpasswd", null, null),
            new("right-to-left override in an id", get, "/skills/%E2%80%AEpython", null, null),
            new("negative limit", get, "/profiles?limit=-1", null, null),
            new("huge limit", get, "/profiles?limit=99999999999999999999", null, null),
            new("exponent limit", get, "/skills?limit=1e3", null, null),
            new("garbage cursor", get, "/jobs?cursor=%F0%9F%92%A9%F0%9F%92%A9", null, null),
            new("repeated query parameter", get, "/skills?limit=1&limit=2", null, null),
            new("minLevel without skill", get, "/profiles?minLevel=0.5", null, null),
            new("long url", get, "/skills?q=" + Repeat('a', 20_000), null, null),
            new("huge header", get, "/skills", null, null, new Dictionary<string, string> { ["X-Big"] = Repeat('a', 40_000) }),
            new("many headers", get, "/skills", null, null, Enumerable.Range(0, 150).ToDictionary(i => $"X-H{i}", i => "v")),
            new("json body on a get", get, "/skills/pytorch", "{ garbage", "application/json"),
            new("accept html only", get, "/profiles/p_missing", null, null, new Dictionary<string, string> { ["Accept"] = "text/html" }),
            new("garbage if-none-match", get, "/skills/pytorch", null, null, new Dictionary<string, string> { ["If-None-Match"] = "garbage" }),
            new("range header", get, "/skills/pytorch", null, null, new Dictionary<string, string> { ["Range"] = "bytes=0-10" }),
            new("no key", get, "/profiles", null, null, new Dictionary<string, string> { ["X-Api-Key"] = "" }),
            new("key with spaces", get, "/profiles", null, null, new Dictionary<string, string> { ["X-Api-Key"] = "   " }),
            new("very long key", get, "/profiles", null, null, new Dictionary<string, string> { ["X-Api-Key"] = Repeat('k', 10_000) }),
        };
        var data = new TheoryData<Probe>();
        foreach (var probe in probes) data.Add(probe);
        return data;
    }

    [Theory]
    [MemberData(nameof(Probes))]
    public async Task A_hostile_or_quirky_request_gets_no_5xx_and_every_4xx_is_a_problem(Probe probe)
    {
        using var client = new HttpClient { BaseAddress = fixture.Address, Timeout = TimeSpan.FromSeconds(30) };
        var request = new HttpRequestMessage(probe.Method, probe.Path);
        var headers = new Dictionary<string, string>(probe.Headers ?? new Dictionary<string, string>());
        if (!headers.ContainsKey("X-Api-Key")) headers["X-Api-Key"] = Key;
        if (probe.Body is not null)
        {
            request.Content = new ByteArrayContent(probe.ContentType?.Contains("iso-8859-1") == true
                ? Encoding.Latin1.GetBytes(probe.Body)
                : Encoding.UTF8.GetBytes(probe.Body));
            if (probe.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", probe.ContentType);
        }
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{probe.Name}: {(int)response.StatusCode} {text}");
        if ((int)response.StatusCode >= 400) ProblemAssert.Parse(response, text);
        fixture.AssertNoErrorsLogged();
    }

    /// <summary>
    /// The one kind of request that never reaches the API: bytes Kestrel refuses while parsing (here a NUL in the decoded
    /// path; also raw control characters, or a request line or headers beyond <c>KestrelHardLimits</c>). Kestrel answers
    /// with a bare status and closes; the README says so. This pins that it stays a 4xx, never a 5xx.
    /// </summary>
    [Fact]
    public async Task Requests_kestrel_refuses_while_parsing_get_a_bare_4xx_and_nothing_is_logged_as_an_error()
    {
        var answer = await fixture.RawAsync("GET /profiles/%00 HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: " + Key + "\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400", answer);
        fixture.AssertNoErrorsLogged();
    }

    [Fact]
    public async Task A_declared_body_over_the_limit_is_a_413_problem_before_it_is_sent()
    {
        var answer = await fixture.RawAsync(
            "POST /match HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: " + Key + "\r\nContent-Type: application/json\r\n" +
            "Content-Length: 10000000000\r\nConnection: close\r\n\r\n{}");
        Assert.StartsWith("HTTP/1.1 413", answer);
        Assert.Contains("\"code\":\"payload-too-large\"", answer);
        fixture.AssertNoErrorsLogged();
    }

    [Fact]
    public async Task A_chunked_body_that_breaks_off_is_a_400_problem_not_an_unhandled_error()
    {
        var answer = await fixture.RawAsync(
            "POST /match HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: " + Key + "\r\nContent-Type: application/json\r\n" +
            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400", answer);
        Assert.Contains("application/problem+json", answer);
        Assert.Contains("\"code\":\"bad-request\"", answer);
        fixture.AssertNoErrorsLogged();
    }

    [Fact]
    public async Task A_client_too_slow_to_send_its_body_gets_408_and_is_logged_in_one_line_not_as_an_unhandled_error()
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(fixture.Address.Host, fixture.Address.Port);
        var stream = socket.GetStream();
        var head = "POST /profiles HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: " + Key + "\r\nContent-Type: application/json\r\n" +
                   "Content-Length: 100000\r\n\r\n{\"questionnaire\":";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        // Then nothing: below the minimum data rate the fixture sets (240 bytes/s after a 2 s grace period).
        var answer = await KestrelApiFixture.ReadToEndAsync(stream, TimeSpan.FromSeconds(20));
        Assert.StartsWith("HTTP/1.1 408", answer);
        Assert.Contains("\"code\":\"request-timeout\"", answer);
        fixture.AssertNoErrorsLogged();
        Assert.Contains(fixture.Logs.Entries, e => e.Category.EndsWith("RequestGuard", StringComparison.Ordinal) && e.Message.Contains("408"));
    }
}

/// <summary>The API on a real Kestrel server on a loopback port, over a fresh database, with its log entries kept.</summary>
public abstract class KestrelApiFixture(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase? _database;
    private ApiFactory? _factory;

    public LogSink Logs { get; } = new();

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _factory = new ApiFactory(provider.ToString(), _database.Options.ConnectionString,
            configure: b => b.ConfigureLogging(l => l.AddProvider(Logs)));
        _factory.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MinRequestBodyDataRate = new MinDataRate(240, TimeSpan.FromSeconds(2));
        });
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        await _factory.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    public void AssertNoErrorsLogged()
    {
        var errors = Logs.Entries.Where(e => e.Level >= LogLevel.Error || e.Exception is not null).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception?.GetType().Name}")));
    }

    /// <summary>Sends raw bytes (the request should say Connection: close) and returns the whole answer as text.</summary>
    public async Task<string> RawAsync(string request)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(Address.Host, Address.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        return await ReadToEndAsync(stream, TimeSpan.FromSeconds(20));
    }

    public static async Task<string> ReadToEndAsync(NetworkStream stream, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(chunk, cts.Token)) > 0) buffer.Write(chunk, 0, n);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The server may reset the connection after its answer; what arrived is the answer.
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

public sealed class SqliteKestrelApiFixture() : KestrelApiFixture(DatabaseProvider.Sqlite);

public sealed class PostgresKestrelApiFixture() : KestrelApiFixture(DatabaseProvider.Postgres);

public sealed class SqliteHostileClientTests(SqliteKestrelApiFixture fixture) : HostileClientTests(fixture), IClassFixture<SqliteKestrelApiFixture>;

public sealed class PostgresHostileClientTests(PostgresKestrelApiFixture fixture) : HostileClientTests(fixture), IClassFixture<PostgresKestrelApiFixture>;
