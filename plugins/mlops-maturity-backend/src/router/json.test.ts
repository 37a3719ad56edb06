/*
 * Copyright 2026 The MLOps Maturity for Backstage Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import express from 'express';
import request from 'supertest';
import { sendJson } from './json';

function app(
  body: Record<string, unknown>,
  shared: () => Record<string, object>,
) {
  return express().get('/', (_req, res) => sendJson(res, body, shared()));
}

describe('sendJson', () => {
  it('sends the body with the shared fields, as res.json would', async () => {
    const facets = { levels: { '0': 2 }, owners: [{ owner: 'a"b', count: 2 }] };
    const res = await request(
      app({ items: [1, 'x'], nextCursor: null }, () => ({ facets })),
    ).get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toEqual({ items: [1, 'x'], nextCursor: null, facets });
  });

  it('handles an empty body and several shared fields', async () => {
    const res = await request(
      app({}, () => ({ 'odd "key"': [1], other: {} })),
    ).get('/');
    expect(res.body).toEqual({ 'odd "key"': [1], other: {} });
  });

  it('serializes a shared value once, and a new value anew', async () => {
    const shared = { owners: [{ owner: 'group:default/a', count: 1 }] };
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      const server = app({ n: 1 }, () => ({ facets: shared }));
      await request(server).get('/');
      const calls = stringify.mock.calls.filter(([v]) => v === shared).length;
      await request(server).get('/');
      expect(stringify.mock.calls.filter(([v]) => v === shared).length).toBe(
        calls,
      );
      expect(calls).toBe(1);
      const fresh = { owners: [] };
      const res = await request(app({}, () => ({ facets: fresh }))).get('/');
      expect(res.body).toEqual({ facets: { owners: [] } });
    } finally {
      stringify.mockRestore();
    }
  });

  it('sends a list of shared values, each serialized once', async () => {
    const rows = [
      { ref: 'component:default/a' },
      { ref: 'component:default/b' },
    ];
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      const server = express().get('/', (req, res) =>
        sendJson(
          res,
          { page: Number(req.query.page) },
          {},
          {
            // A new array per response, of the same rows.
            items: req.query.page === '1' ? rows.slice(0, 1) : [...rows],
          },
        ),
      );
      const first = await request(server).get('/?page=1');
      const second = await request(server).get('/?page=2');
      expect(first.body).toEqual({ page: 1, items: [rows[0]] });
      expect(second.body).toEqual({ page: 2, items: rows });
      expect(stringify.mock.calls.filter(([v]) => v === rows[0])).toHaveLength(
        1,
      );
      expect(stringify.mock.calls.filter(([v]) => v === rows[1])).toHaveLength(
        1,
      );
    } finally {
      stringify.mockRestore();
    }
  });

  it('tags the text: the same text gets the same ETag and a 304, other text another tag', async () => {
    const rows = [
      { ref: 'component:default/a' },
      { ref: 'component:default/b' },
    ];
    const facets = { owners: [{ owner: 'group:default/a', count: 2 }] };
    const server = express().get('/', (req, res) =>
      sendJson(
        res,
        { total: Number(req.query.total ?? 2) },
        { facets: req.query.facets === 'new' ? { owners: [] } : facets },
        {
          items:
            req.query.order === 'reversed' ? [...rows].reverse() : [...rows],
        },
      ),
    );
    const first = await request(server).get('/');
    const tag = first.headers.etag;
    expect(tag).toMatch(/^W\/"[A-Za-z0-9+/]{43}"$/);
    expect((await request(server).get('/')).headers.etag).toBe(tag);

    const again = await request(server).get('/').set('If-None-Match', tag);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');

    const variants: Array<[string, object]> = [
      ['/?total=3', { total: 3, facets, items: rows }],
      ['/?facets=new', { total: 2, facets: { owners: [] }, items: rows }],
      ['/?order=reversed', { total: 2, facets, items: [...rows].reverse() }],
    ];
    const others: string[] = [];
    // Twice each, in turns: a response sent from the bytes kept for its tag
    // is still its own.
    for (let round = 0; round < 2; round++) {
      for (const [url, body] of variants) {
        const res = await request(server).get(url).set('If-None-Match', tag);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe(
          'application/json; charset=utf-8',
        );
        expect(res.body).toEqual(body);
        others.push(res.headers.etag);
      }
      const res = await request(server).get('/');
      expect(res.body).toEqual({ total: 2, facets, items: rows });
      expect(res.headers.etag).toBe(tag);
    }
    expect(new Set([tag, ...others]).size).toBe(4);
    expect((await request(server).head('/')).headers['content-length']).toBe(
      first.headers['content-length'],
    );
  });

  it('keeps sending each its own body when large bodies push older ones out', async () => {
    // 1 MB each: more than the bytes kept, so older ones are dropped.
    const big = (i: number) => ({ blob: `${i}`.padEnd(1024 * 1024, 'x') });
    const facets = Array.from({ length: 12 }, (_, i) => big(i));
    const server = express().get('/:i', (req, res) =>
      sendJson(
        res,
        { i: Number(req.params.i) },
        { facets: facets[Number(req.params.i)] },
      ),
    );
    for (const i of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 11, 3]) {
      const res = await request(server).get(`/${i}`);
      expect(res.status).toBe(200);
      expect(res.body.i).toBe(i);
      expect(res.body.facets.blob.slice(0, 3)).toBe(`${i}`.padEnd(3, 'x'));
      expect(res.body.facets.blob).toHaveLength(1024 * 1024);
    }
  });
});
