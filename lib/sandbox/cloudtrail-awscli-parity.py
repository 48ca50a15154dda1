"""Runs the real `aws cloudtrail validate-logs` code (awscli's CloudTrailValidateLogs) on in-memory scenarios.

Used by cloudtrail-awscli-parity.test.ts. Reads a JSON list of scenarios (argv[1]), writes a JSON object
{name: {stdout, stderr, rc}} to stdout. Only the AWS clients are faked, with the semantics awscli relies on:
ListObjects order and Marker, NoSuchKey vs other errors, botocore's parameter validation, ListPublicKeys windows,
base64 key values (awscli v1 turns blob decoding off). The command's own code runs unmodified.
"""
import base64
import datetime
import io
import json
import re
import sys

from botocore.exceptions import ClientError, ParamValidationError

import awscli.customizations.cloudtrail.validation as validation

BUCKET_NAME = re.compile(r'^(?:[a-zA-Z0-9.\-_]{1,255}|arn:.*)$', re.S)


def client_error(code, operation, message):
    return ClientError({'Error': {'Code': code, 'Message': message}}, operation)


class Body:
    def __init__(self, data):
        self._stream = io.BytesIO(data)

    def read(self, size=-1):
        return self._stream.read(size)


class FakeS3:
    def __init__(self, buckets):
        self.buckets = buckets

    def get_bucket_location(self, Bucket):
        if not isinstance(Bucket, str) or not BUCKET_NAME.match(Bucket):
            raise ParamValidationError(report='Invalid bucket name')
        if Bucket not in self.buckets:
            raise client_error('NoSuchBucket', 'GetBucketLocation', 'The specified bucket does not exist')
        return {'LocationConstraint': None}

    def get_paginator(self, name):
        s3 = self

        class Paginator:
            def paginate(self, Bucket, Marker, Prefix):
                keys = sorted(
                    (key for key in s3.buckets[Bucket] if key.startswith(Prefix) and key.encode() > Marker.encode()),
                    key=lambda key: key.encode(),
                )

                class Pages:
                    def search(self, expression):
                        return iter(keys)

                return Pages()

        return Paginator()

    def get_object(self, Bucket, Key):
        if not isinstance(Key, str) or Key == '':
            raise ParamValidationError(report='Invalid key')
        self.get_bucket_location(Bucket)
        objects = self.buckets[Bucket]
        if Key not in objects:
            raise client_error('NoSuchKey', 'GetObject', 'The specified key does not exist.')
        stored = objects[Key]
        return {'Body': Body(stored['body']), 'Metadata': dict(stored['metadata'])}


class FakeClientProvider:
    def __init__(self, s3):
        self.s3 = s3

    def get_client(self, bucket):
        self.s3.get_bucket_location(Bucket=bucket)
        return self.s3


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace('Z', '+00:00'))


class FakeCloudTrail:
    def __init__(self, keys, trail):
        self.keys = keys
        self.trail = trail

    def list_public_keys(self, StartTime, EndTime):
        return {
            'PublicKeyList': [
                {'Fingerprint': key['fingerprint'], 'Value': key['der'],
                 'ValidityStartTime': parse_time(key['from']), 'ValidityEndTime': parse_time(key['to'])}
                for key in self.keys
                if parse_time(key['from']) <= EndTime and parse_time(key['to']) >= StartTime
            ]
        }

    def describe_trails(self):
        return {'trailList': [self.trail]}


class FakeOrganizations:
    def __init__(self, organization_id):
        self.organization_id = organization_id

    def describe_organization(self):
        return {'Organization': {'Id': self.organization_id}}


class Args:
    pass


def run(scenario):
    objects = {key: {'body': base64.b64decode(value['body']), 'metadata': value['metadata']}
               for key, value in scenario['objects'].items()}
    command = validation.CloudTrailValidateLogs(None)
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        args = Args()
        args.trail_arn = scenario['arn']
        args.verbose = scenario['verbose']
        # An organization trail is resolved through DescribeTrails (with --s3-bucket awscli ignores o-ids).
        organization = scenario['organizationId']
        args.s3_bucket = None if organization else scenario['bucket']
        args.s3_prefix = scenario['prefix']
        args.account_id = scenario['accountId'] if organization else None
        args.start_time = scenario['start']
        args.end_time = scenario['end']
        command.handle_args(args)
        command._source_region = scenario['region']
        command.s3_client_provider = FakeClientProvider(FakeS3({scenario['bucket']: objects}))
        trail = {'TrailARN': scenario['arn'], 'S3BucketName': scenario['bucket'], 'S3KeyPrefix': scenario['prefix'],
                 'IsOrganizationTrail': bool(organization)}
        command.cloudtrail_client = FakeCloudTrail(scenario['keys'], trail)
        command.organization_client = FakeOrganizations(organization)
        command._call()
        invalid = command._invalid_digests + command._invalid_backfill_digests + command._invalid_logs
        rc = 1 if invalid > 0 else 0
    except Exception as error:  # what awscli's clidriver does with any exception
        sys.stderr.write('\n' + str(error) + '\n')
        rc = 255
    finally:
        sys.stdout, sys.stderr = saved
    return {'stdout': out.getvalue(), 'stderr': err.getvalue(), 'rc': rc}


if __name__ == '__main__':
    with open(sys.argv[1]) as source:
        scenarios = json.load(source)
    json.dump({scenario['name']: run(scenario) for scenario in scenarios}, sys.stdout)
