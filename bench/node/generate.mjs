// The same calls our command makes, with the official OpenAI Node SDK, for bench/run.
// Usage: node generate.mjs OUT_PREFIX [--model M] [--size WxH] [--n N] [--output-format F] [--stream]
// (OPENAI_BASE_URL, OPENAI_API_KEY). Saves OUT_PREFIX-<k> for each image.
import fs from 'node:fs';
import OpenAI from 'openai';

const [out, ...rest] = process.argv.slice(2);
const flag = (name, otherwise) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : otherwise;
};
const client = new OpenAI();
const request = {
  model: flag('--model', 'dall-e-2'),
  prompt: 'bench',
  size: flag('--size', '256x256'),
  n: Number(flag('--n', '1')),
};
if (rest.includes('--output-format')) request.output_format = flag('--output-format');
let k = 0;
const save = (b64) => fs.writeFileSync(`${out}-${++k}`, Buffer.from(b64, 'base64'));
if (rest.includes('--stream')) {
  const stream = await client.images.generate({ ...request, stream: true });
  for await (const event of stream) {
    if (event.type === 'image_generation.completed') save(event.b64_json);
  }
} else {
  const answer = await client.images.generate(request);
  answer.data.forEach((d) => save(d.b64_json));
}
if (k !== request.n) throw new Error(`saved ${k} of ${request.n} images`);
