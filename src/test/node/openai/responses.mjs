// The official OpenAI Node SDK calling the Responses API's image tool, as a user would:
// a generation, a second turn with previous_response_id, a streamed third turn, and an
// unknown previous response. Run by NodeSdkResponsesIT against `gpt-image-2-api serve`.
// Usage: node responses.mjs OUT_PREFIX (OPENAI_BASE_URL, OPENAI_API_KEY from the environment).
// Saves OUT_PREFIX-1.png, -2.png, -3.png and the partial images; prints a JSON summary.
import fs from 'node:fs';
import OpenAI from 'openai';

const [out] = process.argv.slice(2);
const client = new OpenAI({ maxRetries: 0 });
const tool = { type: 'image_generation', model: 'gpt-image-2', quality: 'low', size: '1024x1024' };
const save = (name, b64) => fs.writeFileSync(`${out}-${name}.png`, Buffer.from(b64, 'base64'));
const imageCall = (response) => response.output.find((o) => o.type === 'image_generation_call');

const first = await client.responses.create({
  model: 'gpt-5.4',
  input: 'a lighthouse at dusk',
  tools: [tool],
  tool_choice: { type: 'image_generation' },
});
const call1 = imageCall(first);
save('1', call1.result);

const second = await client.responses.create({
  model: 'gpt-5.4',
  previous_response_id: first.id,
  input: [{ role: 'user', content: [{ type: 'input_text', text: 'make it night' }] }],
  tools: [tool],
  tool_choice: { type: 'image_generation' },
});
const call2 = imageCall(second);
save('2', call2.result);

const stream = await client.responses.create({
  model: 'gpt-5.4',
  previous_response_id: second.id,
  input: 'add a full moon',
  tools: [{ ...tool, partial_images: 2 }],
  tool_choice: { type: 'image_generation' },
  stream: true,
});
const events = [];
let item = null;
let completed = null;
for await (const event of stream) {
  events.push(event.type);
  if (event.type === 'response.image_generation_call.partial_image') {
    save(`partial-${event.partial_image_index}`, event.partial_image_b64);
  } else if (event.type === 'response.output_item.done') {
    item = event.item;
  } else if (event.type === 'response.completed') {
    completed = event.response;
  }
}
save('3', item.result);

let notFound = null;
try {
  await client.responses.create({
    model: 'gpt-5.4',
    previous_response_id: 'resp_forgotten',
    input: 'x',
    tools: [tool],
  });
} catch (e) {
  notFound = { status: e.status, code: e.code, param: e.param, name: e.constructor.name };
}

console.log(
  JSON.stringify({
    first: { id: first.id, status: first.status, call: call1.id, action: call1.action,
      revised: call1.revised_prompt, usage: first.usage },
    second: { id: second.id, previous: second.previous_response_id, call: call2.id,
      action: call2.action, revised: call2.revised_prompt },
    stream: { events, id: completed.id, previous: completed.previous_response_id, call: item.id,
      action: item.action, usage: completed.usage },
    notFound,
  }),
);
