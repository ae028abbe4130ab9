using System.Net.Http.Headers;
using System.Text;

namespace AskLibrary.Tests.Patrons;

/// <summary>Uploads a CSV to the admin import endpoint the way a script would (text/csv) or the console does (multipart).</summary>
public static class PatronUpload
{
    public static HttpRequestMessage Csv(string csv, string token, bool dryRun = false, bool bom = false) =>
        Bytes((bom ? [0xEF, 0xBB, 0xBF] : Array.Empty<byte>()).Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), token, dryRun);

    public static HttpRequestMessage Bytes(byte[] body, string token, bool dryRun = false)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        return new HttpRequestMessage(HttpMethod.Post, $"api/admin/patrons/import?dryRun={(dryRun ? "true" : "false")}")
        {
            Content = content,
            Headers = { { "RequestVerificationToken", token } },
        };
    }

    public static HttpRequestMessage Multipart(string csv, string token, bool dryRun = false)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "patrons.csv");
        return new HttpRequestMessage(HttpMethod.Post, $"api/admin/patrons/import?dryRun={(dryRun ? "true" : "false")}")
        {
            Content = form,
            Headers = { { "RequestVerificationToken", token } },
        };
    }
}
