using AskLibrary.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AskLibrary.BrowserTests;

/// <summary>
/// Tripwires for injected script in a page: alert/confirm/prompt record instead of blocking, dialogs are
/// recorded, CSP violations are recorded (markup that reached the DOM as HTML and was stopped only by the
/// policy counts as a failure too), and a scan of the whole DOM — shadow roots included — for elements
/// that gained an event-handler attribute, a javascript: URL, or a script/iframe/object/embed/base that
/// the page did not have when it loaded.
/// </summary>
public static class XssGuard
{
    /// <summary>The vendored payload list (see TestData/xss/README.md).</summary>
    public static IReadOnlyList<string> Payloads { get; } = File.ReadAllLines(
            Path.Combine(RepoPaths.Root, "tests", "AskLibrary.BrowserTests", "TestData", "xss", "blns-script-injection.txt"))
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .ToList();

    private const string Tripwire = """
        (() => {
          window.__xss = [];
          for (const name of ['alert', 'confirm', 'prompt', 'print']) {
            window[name] = (...args) => { window.__xss.push(name + '(' + args.join(',') + ')'); };
          }
          document.addEventListener('securitypolicyviolation', e => window.__xss.push('csp:' + e.violatedDirective + ':' + (e.sample || e.blockedURI)), true);
          const count = () => {
            let n = 0;
            const walk = root => {
              n += root.querySelectorAll('script,iframe,object,embed,base,frame,frameset,applet,meta[http-equiv]').length;
              for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
            };
            walk(document);
            return n;
          };
          window.__xssBaseline = null;
          document.addEventListener('DOMContentLoaded', () => { window.__xssBaseline = count(); });
          window.__xssCount = count;
        })();
        """;

    private const string Scan = """
        () => {
          const found = [...(window.__xss || [])];
          const walk = root => {
            for (const el of root.querySelectorAll('*')) {
              for (const attr of el.attributes) {
                const name = attr.name.toLowerCase();
                const value = attr.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
                if (name.startsWith('on')) found.push('handler attribute ' + name + ' on <' + el.localName + '>');
                if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc'].includes(name)
                    && (value.startsWith('javascript:') || value.startsWith('vbscript:') || value.startsWith('data:text/html')))
                  found.push(name + '=' + attr.value.slice(0, 60) + ' on <' + el.localName + '>');
              }
              if (el.shadowRoot) walk(el.shadowRoot);
            }
          };
          walk(document);
          if (window.__xssBaseline !== null && window.__xssCount() > window.__xssBaseline)
            found.push((window.__xssCount() - window.__xssBaseline) + ' script/iframe/object/embed/base elements added after load');
          return found;
        }
        """;

    /// <summary>Installs the tripwires in every page of the context, and records native dialogs.</summary>
    public static async Task ArmAsync(IBrowserContext context, List<string> dialogs)
    {
        await context.AddInitScriptAsync(Tripwire);
        context.Page += (_, page) => page.Dialog += async (_, dialog) =>
        {
            dialogs.Add($"{dialog.Type}: {dialog.Message}");
            await dialog.DismissAsync();
        };
    }

    /// <summary>Everything suspicious on the page now; empty when it is clean.</summary>
    public static async Task<IReadOnlyList<string>> FindingsAsync(IPage page) =>
        await page.EvaluateAsync<string[]>(Scan);

    public static async Task AssertCleanAsync(IPage page, string where)
    {
        var findings = await FindingsAsync(page);
        Assert.True(findings.Count == 0, $"{where}: {string.Join("; ", findings.Take(10))}");
    }

    /// <summary>The payloads in groups that fit a chat message (4000 characters), one payload per line.</summary>
    public static IEnumerable<string> Batches(int maxLength = 3500)
    {
        var batch = new List<string>();
        var length = 0;
        foreach (var payload in Payloads)
        {
            if (length + payload.Length + 1 > maxLength && batch.Count > 0)
            {
                yield return string.Join("\n", batch);
                batch.Clear();
                length = 0;
            }
            batch.Add(payload);
            length += payload.Length + 1;
        }
        if (batch.Count > 0)
            yield return string.Join("\n", batch);
    }
}
