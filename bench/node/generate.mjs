// One small generation with the official OpenAI Node SDK, saved to a file: the same call our
// command makes in bench/startup. Usage: node generate.mjs OUT_FILE (OPENAI_BASE_URL, OPENAI_API_KEY).
import fs from 'node:fs';
import OpenAI from 'openai';

const client = new OpenAI();
const answer = await client.images.generate({ model: 'dall-e-2', prompt: 'bench', size: '256x256' });
fs.writeFileSync(process.argv[2], Buffer.from(answer.data[0].b64_json, 'base64'));
