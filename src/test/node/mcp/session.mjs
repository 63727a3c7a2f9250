// Drives `gpt-image-2-api mcp` with the official MCP TypeScript SDK client, as an agent host would,
// and writes what it saw to a JSON report that McpServerIT checks (files on disk, sizes, JSON).
//
//   node session.mjs stdio REPORT LAUNCHER OUTPUT_DIR [extra mcp args...]
//   node session.mjs http  REPORT URL TOKEN
//   node session.mjs stopped REPORT LAUNCHER OUTPUT_DIR BASE_URL   (doctor only, nothing listening)
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { z } from "zod";
import { writeFileSync } from "node:fs";

const [mode, reportFile, ...rest] = process.argv.slice(2);
const report = { mode, steps: [] };
const note = (step) => report.steps.push(step);

function transportFor(token) {
  if (mode === "stdio") {
    const [launcher, output, ...extra] = rest;
    return new StdioClientTransport({
      command: launcher,
      args: ["mcp", "--emulator", "--output", output, ...extra],
      stderr: "inherit",
    });
  }
  const [url] = rest;
  return new StreamableHTTPClientTransport(new URL(url), {
    requestInit: token ? { headers: { Authorization: `Bearer ${token}` } } : {},
  });
}

async function errorOf(promise) {
  try {
    await promise;
    return null;
  } catch (e) {
    return { name: e?.name, code: e?.code, message: String(e?.message ?? e) };
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A server configured for a base URL where nothing listens: doctor's first line says so.
async function stopped() {
  const [launcher, output, baseUrl] = rest;
  const client = new Client({ name: "gpt-image-2-api-it-stopped", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: launcher,
      args: ["mcp", "--output", output, "--base-url", baseUrl],
      env: { ...process.env, OPENAI_API_KEY: "sk-doctor-it-key-0123456789" },
      stderr: "inherit",
    }),
  );
  report.tools = (await client.listTools()).tools;
  report.doctor = await client.callTool({ name: "doctor", arguments: {} });
  await client.close();
}

async function main() {
  if (mode === "stopped") {
    return stopped();
  }
  if (mode === "http") {
    const [url, token] = rest;
    // A wrong or missing token: 401 and nothing else, before any MCP work.
    const raw = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    });
    report.noToken = { status: raw.status, body: await raw.text() };
    const wrong = new Client({ name: "wrong-token", version: "1.0.0" });
    report.wrongToken = await errorOf(wrong.connect(transportFor(token + "x")));
  }
  const client = new Client({ name: "gpt-image-2-api-it", version: "1.0.0" });
  const transport = transportFor(mode === "http" ? rest[1] : null);
  await client.connect(transport);
  report.server = client.getServerVersion();
  report.capabilities = client.getServerCapabilities();
  report.instructions = client.getInstructions();
  report.protocolVersion = transport.protocolVersion ?? null;

  report.tools = (await client.listTools()).tools;

  // doctor against the emulator (free checks), and a probe asked for without confirming its cost.
  report.doctor = await client.callTool({ name: "doctor", arguments: {} });
  report.doctorUnconfirmed = await client.callTool({ name: "doctor", arguments: { probe: true } });

  const generated = await client.callTool({
    name: "generate_image",
    arguments: { prompt: "a lighthouse at dusk", size: "1536x1024", name: "lighthouse" },
  });
  report.generate = generated;

  const file = generated.structuredContent.files[0];
  report.edit = await client.callTool({
    name: "edit_image",
    arguments: { prompt: "add a red scarf", images: [file], name: "edited", inline: true },
  });

  const progress = [];
  report.batch = await client.callTool(
    {
      name: "batch_images",
      arguments: {
        jobs: [1, 2, 3, 4, 5].map((k) => ({ prompt: `a fox, picture ${k}`, name: `fox-${k}` })),
        output_dir: "foxes",
      },
    },
    undefined,
    { onprogress: (p) => progress.push(p), timeout: 120000 },
  );
  report.batchProgress = progress;

  // A slow call (the emulator takes seconds for quality high), cancelled once it is under way.
  const abort = new AbortController();
  const slowProgress = [];
  let started;
  const underWay = new Promise((r) => (started = r));
  const slow = client.callTool(
    { name: "generate_image", arguments: { prompt: "a slow one", quality: "high", name: "cancelled" } },
    undefined,
    {
      signal: abort.signal,
      onprogress: (p) => {
        slowProgress.push(p);
        started();
      },
    },
  );
  await underWay;
  abort.abort("the user changed their mind");
  report.cancel = { error: await errorOf(slow), progressBefore: slowProgress.length };
  const cancelledAt = Date.now();

  // Bad calls, each followed by the server still serving.
  report.bad = {
    schema: await client.callTool({ name: "generate_image", arguments: { prompt: "x", n: "two" } }),
    unknownTool: await client.callTool({ name: "no_such_tool", arguments: {} }),
    missingImage: await client.callTool({
      name: "edit_image",
      arguments: { prompt: "x", images: ["does-not-exist.png"] },
    }),
    unknownArgument: await client.callTool({
      name: "generate_image",
      arguments: { prompt: "x", colour: "red" },
    }),
    unknownMethod: await errorOf(client.request({ method: "images/paint", params: {} }, z.object({}))),
  };
  report.good = await client.callTool({
    name: "generate_image",
    // 4K and inline: above the cap, so a link and a thumbnail only, and a note saying why.
    arguments: { prompt: "a good one", quality: "low", name: "good", size: "3840x2160", inline: true },
  });

  // Partial images while it draws, each a progress step.
  const drafts = [];
  report.partials = await client.callTool(
    { name: "generate_image", arguments: { prompt: "a sketch", name: "drafted", partial_images: 2 } },
    undefined,
    { onprogress: (p) => drafts.push(p) },
  );
  report.partialsProgress = drafts;

  // Several at once.
  report.parallel = await Promise.all(
    [1, 2, 3].map((k) =>
      client.callTool({
        name: "generate_image",
        arguments: { prompt: `parallel ${k}`, name: `parallel-${k}`, quality: "low" },
      }),
    ),
  );

  report.resources = (await client.listResources()).resources;
  const read = await client.readResource({ uri: report.resources.find((r) => r.name.startsWith("lighthouse")).uri });
  report.read = { uri: read.contents[0].uri, mimeType: read.contents[0].mimeType, blobLength: read.contents[0].blob.length, blob: read.contents[0].blob };
  report.readOther = await errorOf(client.readResource({ uri: "file:///etc/passwd" }));

  report.ping = await client.ping();
  // Long enough for the cancelled call to have been answered, had it gone on.
  const wait = 6000 - (Date.now() - cancelledAt);
  if (wait > 0) {
    await sleep(wait);
  }
  await client.close();
}

main()
  .catch((e) => {
    report.failure = String(e?.stack ?? e);
    process.exitCode = 1;
  })
  .finally(() => writeFileSync(reportFile, JSON.stringify(report, null, 1)));
