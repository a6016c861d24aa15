// Each example of an error response must look like what the API sends: the response's status, a code, a title, a
// detail, a W3C trace id, and the type URL https://matching.example/problems/{code}.
module.exports = (media, _options, context) => {
  const status = Number(context.path[context.path.length - 3]);
  const examples = media.examples ? Object.entries(media.examples).map(([name, e]) => [name, e.value]) : [['example', media.example]];
  const problems = [];
  for (const [name, value] of examples) {
    const at = [...context.path, ...(media.examples ? ['examples', name, 'value'] : ['example'])];
    if (!value || typeof value !== 'object') { problems.push({ message: `example ${name} has no value`, path: at }); continue; }
    if (value.status !== status) problems.push({ message: `example ${name} says status ${value.status}, the response is ${status}`, path: at });
    if (!value.code || value.type !== `https://matching.example/problems/${value.code}`)
      problems.push({ message: `example ${name}: type must be https://matching.example/problems/{code}`, path: at });
    if (!value.title || !value.detail) problems.push({ message: `example ${name} needs a title and a detail`, path: at });
    if (!/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/.test(value.traceId ?? '')) problems.push({ message: `example ${name}: traceId must be a W3C trace context id`, path: at });
  }
  return problems;
};
