import { UserError } from '../../shared/errors';
import type { OutputValue } from '../engine/component';

/**
 * Every `model` output, built-in or from a Python cell (torch.onnx.export, skl2onnx), must load in
 * ONNX Runtime before it is stored: what is recorded is what can be served. Its signature is
 * recorded with the artifact when the component did not record one.
 */
export async function checkModelOutput(nodeId: string, port: string, value: OutputValue): Promise<OutputValue> {
  if (!('file' in value)) throw new UserError('model_not_file', `Output '${port}' of node ${nodeId} is a model and must be an ONNX file, not a JSON value.`, { nodeId, port });
  // Loaded lazily: most nodes never produce a model, and onnxruntime is heavy.
  const { loadModel } = await import('../ml/ort');
  let signature;
  try {
    const loaded = await loadModel(value.file);
    signature = loaded.info.signature;
    await loaded.session.release();
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new UserError('model_invalid', `Output '${port}' of node ${nodeId} is not an ONNX model that ONNX Runtime can load: ${reason}`, { nodeId, port });
  }
  const meta = value.meta ?? {};
  return { file: value.file, meta: 'signature' in meta ? meta : { ...meta, signature } };
}
