/**
 * What MLflow's TypeScript tracing client (mlflow-tracing 0.1.x) sent to a
 * tracking server for one trace: an AGENT span around an OpenAI LLM span and
 * a TOOL span, captured on loopback (see shared/reference/mlflow-ts-sdk-wire.md).
 * Kept as text: the span times are JSON integers beyond 2^53.
 */

/** The trace id the capture used. */
export const WIRE_TRACE_ID = 'tr-8d8be29d5df7efb5ded0e01d8d18341c';

/** `POST /api/3.0/mlflow/traces` (StartTraceV3), for an experiment of the test's store. */
export function wireStartTraceBody(experimentId: string): string {
  return String.raw`{
 "trace": {
  "trace_info": {
   "trace_id": "tr-8d8be29d5df7efb5ded0e01d8d18341c",
   "trace_location": {
    "type": "MLFLOW_EXPERIMENT",
    "mlflow_experiment": {
     "experiment_id": "${experimentId}"
    }
   },
   "request_preview": "{\"question\":\"hi there\"}",
   "response_preview": "\"HELLO FROM FAKE\"",
   "request_time": "2026-11-22T19:16:01.571Z",
   "execution_duration": "0.03s",
   "state": "OK",
   "trace_metadata": {
    "mlflow.trace_schema.version": "3",
    "mlflow.trace.tokenUsage": "{\"input_tokens\":11,\"output_tokens\":7,\"total_tokens\":18}",
    "mlflow.traceInputs": "{\"question\":\"hi there\"}",
    "mlflow.traceOutputs": "\"HELLO FROM FAKE\""
   },
   "tags": {},
   "assessments": []
  }
 }
}`;
}

/** `PUT /api/2.0/mlflow-artifacts/artifacts/<experiment>/traces/<trace id>/artifacts/traces.json`. */
export const WIRE_TRACE_DATA = String.raw`{
 "spans": [
  {
   "trace_id": "APjYvinV3377Xe0OAdjRgw==",
   "span_id": "yeE1Ewq0bq0=",
   "parent_span_id": "",
   "name": "agent",
   "start_time_unix_nano": 1795374961571000000,
   "end_time_unix_nano": 1795374961601532200,
   "status": {
    "code": "STATUS_CODE_OK",
    "message": ""
   },
   "attributes": {
    "mlflow.traceRequestId": "tr-8d8be29d5df7efb5ded0e01d8d18341c",
    "mlflow.spanType": "AGENT",
    "mlflow.spanInputs": {
     "question": "hi there"
    },
    "mlflow.spanOutputs": "HELLO FROM FAKE"
   },
   "events": []
  },
  {
   "trace_id": "APjYvinV3377Xe0OAdjRgw==",
   "span_id": "tK01zln+gMA=",
   "parent_span_id": "yeE1Ewq0bq0=",
   "name": "Completions",
   "start_time_unix_nano": 1795374961574000000,
   "end_time_unix_nano": 1795374961600934100,
   "status": {
    "code": "STATUS_CODE_OK",
    "message": ""
   },
   "attributes": {
    "mlflow.traceRequestId": "tr-8d8be29d5df7efb5ded0e01d8d18341c",
    "mlflow.spanType": "LLM",
    "mlflow.spanInputs": {
     "model": "gpt-4o-mini",
     "messages": [
      {
       "role": "user",
       "content": "hi there"
      }
     ]
    },
    "mlflow.spanOutputs": {
     "id": "chatcmpl-1",
     "object": "chat.completion",
     "created": 1700000000,
     "model": "gpt-4o-mini",
     "choices": [
      {
       "index": 0,
       "message": {
        "role": "assistant",
        "content": "Hello from fake"
       },
       "finish_reason": "stop"
      }
     ],
     "usage": {
      "prompt_tokens": 11,
      "completion_tokens": 7,
      "total_tokens": 18
     }
    },
    "mlflow.chat.tokenUsage": {
     "input_tokens": 11,
     "output_tokens": 7,
     "total_tokens": 18
    },
    "mlflow.message.format": "openai"
   },
   "events": []
  },
  {
   "trace_id": "APjYvinV3377Xe0OAdjRgw==",
   "span_id": "90gqNLVPqDc=",
   "parent_span_id": "yeE1Ewq0bq0=",
   "name": "shout",
   "start_time_unix_nano": 1795374961601000000,
   "end_time_unix_nano": 1795374961601336800,
   "status": {
    "code": "STATUS_CODE_OK",
    "message": ""
   },
   "attributes": {
    "mlflow.traceRequestId": "tr-8d8be29d5df7efb5ded0e01d8d18341c",
    "mlflow.spanType": "TOOL",
    "mlflow.spanInputs": {
     "x": "Hello from fake"
    },
    "mlflow.spanOutputs": "HELLO FROM FAKE"
   },
   "events": []
  }
 ]
}`;
