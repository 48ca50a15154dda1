"""Tests for trailproof_moto.py. Run: cd lib/sandbox/moto && python3 -m unittest -v test_trailproof_moto

Each test starts its own server subprocess on a free port and terminates it (by PID) in tearDown.
"""

import base64
import gzip
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request
from datetime import datetime, timedelta, timezone

import boto3
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "trailproof_moto.py")
MGMT = "123456789012"
CREDS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
# Never let a real AWS config or profile leak into the clients or the CLI.
CLEAN_ENV = {"AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def new_rsa_key():
    """RSA-2048 private key, DER PKCS#1 public key, md5 fingerprint (as in DIGESTS.md)."""
    priv = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    der = priv.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
    return priv, der, hashlib.md5(der).hexdigest()


class MotoServerTest(unittest.TestCase):
    def setUp(self):
        self.procs = []
        self.url = self.start_server()

    def tearDown(self):
        for proc, out, err in self.procs:
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGTERM)  # only processes this test started
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    os.kill(proc.pid, signal.SIGKILL)
                    proc.wait()
            out.close()
            err.close()

    def start_server(self, extra_env=None, port=None, wait=True):
        port = port or free_port()
        out, err = tempfile.TemporaryFile(mode="w+"), tempfile.TemporaryFile(mode="w+")
        env = dict(os.environ, **CLEAN_ENV, **(extra_env or {}))
        proc = subprocess.Popen([sys.executable, SCRIPT, "-p", str(port)], stdout=out, stderr=err, env=env)
        self.procs.append((proc, out, err))
        if not wait:
            return proc, out, err
        deadline = time.time() + 60
        while time.time() < deadline:
            out.seek(0)
            for line in out.read().splitlines():
                if line.startswith("TRAILPROOF_MOTO_READY "):
                    return line.split(" ", 1)[1]
            if proc.poll() is not None:
                err.seek(0)
                self.fail(f"server exited with {proc.returncode}: {err.read()}")
            time.sleep(0.1)
        self.fail("server did not print TRAILPROOF_MOTO_READY")

    def client(self, service, region="us-east-1", creds=None, url=None):
        return boto3.client(service, region_name=region, endpoint_url=url or self.url, **(creds or CREDS))

    def http(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method)
        with urllib.request.urlopen(req) as resp:
            return resp.status, resp.read().decode()

    def register_key(self, der, fp, start, end, region="us-east-1"):
        status, _ = self.http("POST", "/moto-api/cloudtrail/public-keys", {
            "region": region, "value_der_b64": base64.b64encode(der).decode(), "fingerprint": fp,
            "validity_start": start, "validity_end": end})
        self.assertEqual(status, 201)

    def make_member(self):
        """Organization in MGMT, one member account; returns (member id, boto3 creds for its audit role)."""
        orgs = self.client("organizations")
        orgs.create_organization(FeatureSet="ALL")
        member = orgs.create_account(AccountName="member", Email="m@example.com")["CreateAccountStatus"]["AccountId"]
        c = self.client("sts").assume_role(RoleArn=f"arn:aws:iam::{member}:role/TrailProofAudit",
                                           RoleSessionName="trailproof")["Credentials"]
        creds = {"aws_access_key_id": c["AccessKeyId"], "aws_secret_access_key": c["SecretAccessKey"],
                 "aws_session_token": c["SessionToken"]}
        self.assertEqual(self.client("sts", creds=creds).get_caller_identity()["Account"], member)
        return member, creds

    # ------------------------------------------------------------ server behaviour
    def test_ready_port_taken_and_sigterm(self):
        port = int(self.url.rsplit(":", 1)[1])
        self.assertEqual(self.url, f"http://127.0.0.1:{port}")
        proc, out, err = self.start_server(port=port, wait=False)
        self.assertEqual(proc.wait(60), 2)
        err.seek(0)
        lines = err.read().strip().splitlines()
        self.assertEqual(len(lines), 1, lines)
        self.assertIn(str(port), lines[0])
        first = self.procs[0][0]
        os.kill(first.pid, signal.SIGTERM)
        self.assertEqual(first.wait(10), 0)

    # ------------------------------------------------------------ 1. ListPublicKeys
    def test_list_public_keys(self):
        _, der, fp = new_rsa_key()
        now = time.time()
        self.register_key(der, fp, int(now) - 3600, int(now) + 3600)
        ct = self.client("cloudtrail")
        keys = ct.list_public_keys()["PublicKeyList"]  # default window: now
        self.assertEqual(len(keys), 1)
        self.assertEqual(keys[0]["Value"], der)  # boto3 decodes the base64 blob to DER bytes
        self.assertEqual(keys[0]["Fingerprint"], fp)
        self.assertEqual(int(keys[0]["ValidityStartTime"].timestamp()), int(now) - 3600)
        later = datetime.now(timezone.utc) + timedelta(hours=10)
        self.assertEqual(ct.list_public_keys(StartTime=later, EndTime=later + timedelta(hours=1))["PublicKeyList"], [])
        self.assertEqual(self.client("cloudtrail", "eu-west-1").list_public_keys()["PublicKeyList"], [])

        self.assertEqual(len(json.loads(self.http("GET", "/moto-api/cloudtrail/public-keys")[1])["keys"]), 1)
        self.http("POST", "/moto-api/reset")
        self.assertEqual(json.loads(self.http("GET", "/moto-api/cloudtrail/public-keys")[1])["keys"], [])
        self.assertEqual(ct.list_public_keys()["PublicKeyList"], [])

        self.register_key(der, fp, int(now) - 3600, int(now) + 3600, region="*")
        self.assertEqual(len(self.client("cloudtrail", "ap-south-1").list_public_keys()["PublicKeyList"]), 1)
        self.http("DELETE", "/moto-api/cloudtrail/public-keys")
        self.assertEqual(ct.list_public_keys()["PublicKeyList"], [])

    def test_epoch_parsing(self):
        sys.path.insert(0, HERE)
        from trailproof_moto import _epoch

        self.assertEqual(_epoch(None, 7.0), 7.0)
        self.assertEqual(_epoch(1700000000, 0), 1700000000.0)
        self.assertEqual(_epoch("2023-11-14T22:13:20Z", 0), 1700000000.0)
        self.assertEqual(_epoch("2023-11-14T22:13:20", 0), 1700000000.0)

    # ------------------------------------------------------------ 2. trail ARNs, default selector
    def test_trail_arn_resolution(self):
        self.client("s3").create_bucket(Bucket="tp-arn-bucket")
        arn = self.client("cloudtrail").create_trail(
            Name="multi", S3BucketName="tp-arn-bucket", IsMultiRegionTrail=True)["TrailARN"]
        eu = self.client("cloudtrail", "eu-west-1")
        sel = eu.get_event_selectors(TrailName=arn)
        self.assertEqual(sel["TrailARN"], arn)
        self.assertEqual(sel["EventSelectors"], [{"ReadWriteType": "All", "IncludeManagementEvents": True,
                                                  "DataResources": [], "ExcludeManagementEventSources": []}])
        self.assertEqual(eu.get_trail(Name=arn)["Trail"]["TrailARN"], arn)
        self.client("cloudtrail").start_logging(Name=arn)
        self.assertTrue(eu.get_trail_status(Name=arn)["IsLogging"])
        eu.stop_logging(Name=arn)
        self.assertFalse(eu.get_trail_status(Name=arn)["IsLogging"])
        eu.put_event_selectors(TrailName=arn, EventSelectors=[{"ReadWriteType": "ReadOnly"}])
        self.assertEqual(self.client("cloudtrail").get_event_selectors(TrailName="multi")["EventSelectors"][0]
                         ["ReadWriteType"], "ReadOnly")
        with self.assertRaises(ClientError) as cm:
            eu.get_trail(Name=arn.replace("multi", "nope"))
        self.assertEqual(cm.exception.response["Error"]["Code"], "TrailNotFoundException")

    # ------------------------------------------------------------ 3. KMS
    def test_kms(self):
        kms = self.client("kms")
        self.assertEqual(kms.describe_key(KeyId="alias/aws/s3")["KeyMetadata"]["KeyManager"], "AWS")
        mine = kms.create_key()["KeyMetadata"]
        self.assertEqual(mine["KeyManager"], "CUSTOMER")
        kms.enable_key_rotation(KeyId=mine["KeyId"])
        kms.tag_resource(KeyId=mine["KeyId"], Tags=[{"TagKey": "team", "TagValue": "audit"}])

        member, creds = self.make_member()
        mkms = self.client("kms", creds=creds)
        with self.assertRaises(ClientError):  # a bare key id still means "this account"
            mkms.describe_key(KeyId=mine["KeyId"])
        meta = mkms.describe_key(KeyId=mine["Arn"])["KeyMetadata"]
        self.assertEqual((meta["AWSAccountId"], meta["Arn"]), (MGMT, mine["Arn"]))
        self.assertTrue(mkms.get_key_rotation_status(KeyId=mine["Arn"])["KeyRotationEnabled"])
        self.assertIn("Statement", mkms.get_key_policy(KeyId=mine["Arn"], PolicyName="default")["Policy"])
        self.assertEqual(mkms.list_resource_tags(KeyId=mine["Arn"])["Tags"], [{"TagKey": "team", "TagValue": "audit"}])

    # ------------------------------------------------------------ 7. SSE-KMS reads need kms:Decrypt
    def test_sse_kms_get_object_needs_kms_decrypt(self):
        iam, kms, s3 = self.client("iam"), self.client("kms"), self.client("s3")
        trail = f"arn:aws:cloudtrail:us-east-1:{MGMT}:trail/t"
        decrypt_via_s3 = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*",
            "Condition": {"StringLike": {"kms:ViaService": "s3.*.amazonaws.com",
                                         "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:*:trail/*"}}}]}
        trust = json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{MGMT}:root"}, "Action": "sts:AssumeRole"}]})
        for name, policy in (("Reader", decrypt_via_s3), ("NoPolicy", None)):
            iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)
            if policy:
                iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=json.dumps(policy))
        root = {"Sid": "root", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{MGMT}:root"},
                "Action": "kms:*", "Resource": "*"}
        admin_only = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{MGMT}:role/Admin"},
                      "Action": "kms:*", "Resource": "*"}
        deny_reader = {"Effect": "Deny", "Principal": {"AWS": f"arn:aws:iam::{MGMT}:role/Reader"},
                       "Action": "kms:Decrypt*", "Resource": "*"}
        keys = {name: kms.create_key(Policy=json.dumps({"Version": "2012-10-17", "Statement": statements}))["KeyMetadata"]["Arn"]
                for name, statements in (("delegating", [root]), ("left-out", [admin_only]),
                                         ("denying", [root, deny_reader]))}
        s3.create_bucket(Bucket="logs")
        context = base64.b64encode(json.dumps({"aws:cloudtrail:arn": trail}).encode()).decode()
        for name, arn in keys.items():
            s3.put_object(Bucket="logs", Key=f"AWSLogs/{name}.json.gz", Body=b"log", ServerSideEncryption="aws:kms",
                          SSEKMSKeyId=arn, SSEKMSEncryptionContext=context)
        s3.put_object(Bucket="logs", Key="AWSLogs/no-context.json.gz", Body=b"log", ServerSideEncryption="aws:kms",
                      SSEKMSKeyId=keys["delegating"])
        s3.put_object(Bucket="logs", Key="AWSLogs/digest.json.gz", Body=b"digest", ServerSideEncryption="AES256")

        def as_role(name):
            c = self.client("sts").assume_role(RoleArn=f"arn:aws:iam::{MGMT}:role/{name}", RoleSessionName="s1")["Credentials"]
            return self.client("s3", creds={"aws_access_key_id": c["AccessKeyId"], "aws_secret_access_key": c["SecretAccessKey"],
                                            "aws_session_token": c["SessionToken"]})

        def denied(client, key):
            with self.assertRaises(ClientError) as caught:
                client.get_object(Bucket="logs", Key=key)
            error = caught.exception.response["Error"]
            self.assertEqual(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], 403)
            return error["Code"], error["Message"]

        reader, bare = as_role("Reader"), as_role("NoPolicy")
        who = f"User: arn:aws:sts::{MGMT}:assumed-role/{{}}/s1 is not authorized to perform: kms:Decrypt on resource: {{}}"
        # The key policy delegates to IAM and the role's policy allows: the file reads, as do SSE-S3 digests.
        self.assertEqual(reader.get_object(Bucket="logs", Key="AWSLogs/delegating.json.gz")["Body"].read(), b"log")
        self.assertEqual(reader.get_object(Bucket="logs", Key="AWSLogs/digest.json.gz")["Body"].read(), b"digest")
        # The key policy names neither the role nor its account.
        self.assertEqual(denied(reader, "AWSLogs/left-out.json.gz"), ("AccessDenied", who.format("Reader", keys["left-out"])
                         + " because no resource-based policy allows the kms:Decrypt action"))
        # An explicit Deny in the key policy wins over the delegation and the role's Allow.
        self.assertEqual(denied(reader, "AWSLogs/denying.json.gz"), ("AccessDenied", who.format("Reader", keys["denying"])
                         + " with an explicit deny in a resource-based policy"))
        # The key delegates, but the role has no policy allowing kms:Decrypt.
        self.assertEqual(denied(bare, "AWSLogs/delegating.json.gz"), ("AccessDenied", who.format("NoPolicy", keys["delegating"])
                         + " because no identity-based policy allows the kms:Decrypt action"))
        # The role's policy asks for CloudTrail's encryption context, which this object lacks.
        self.assertEqual(denied(reader, "AWSLogs/no-context.json.gz"), ("AccessDenied", who.format("Reader", keys["delegating"])
                         + " because no identity-based policy allows the kms:Decrypt action"))
        # HeadObject decrypts nothing: not refused, and it names the key.
        head = reader.head_object(Bucket="logs", Key="AWSLogs/left-out.json.gz")
        self.assertEqual((head["ServerSideEncryption"], head["SSEKMSKeyId"]), ("aws:kms", keys["left-out"]))
        # moto's default credentials (the emulator's operator) are not checked.
        self.assertEqual(s3.get_object(Bucket="logs", Key="AWSLogs/left-out.json.gz")["Body"].read(), b"log")

    # ------------------------------------------------------------ 4. S3 MFADelete
    def test_s3_mfa_delete(self):
        s3 = self.client("s3")
        s3.create_bucket(Bucket="tp-mfa")
        self.assertNotIn("MFADelete", s3.get_bucket_versioning(Bucket="tp-mfa"))
        s3.put_bucket_versioning(Bucket="tp-mfa", MFA="arn:aws:iam::123456789012:mfa/root 123456",
                                 VersioningConfiguration={"Status": "Enabled", "MFADelete": "Enabled"})
        got = s3.get_bucket_versioning(Bucket="tp-mfa")
        self.assertEqual((got["Status"], got["MFADelete"]), ("Enabled", "Enabled"))
        self.assertIn("<MfaDelete>Enabled</MfaDelete>", self.http("GET", "/tp-mfa?versioning")[1])
        s3.put_bucket_versioning(Bucket="tp-mfa", MFA="arn:aws:iam::123456789012:mfa/root 123456",
                                 VersioningConfiguration={"Status": "Suspended", "MFADelete": "Disabled"})
        got = s3.get_bucket_versioning(Bucket="tp-mfa")
        self.assertEqual((got["Status"], got["MFADelete"]), ("Suspended", "Disabled"))

    # ------------------------------------------------------------ 5. organization trails
    def org_trail_setup(self):
        self.client("s3").create_bucket(Bucket="tp-org-bucket")
        ct = self.client("cloudtrail")
        org_arn = ct.create_trail(Name="org-trail", S3BucketName="tp-org-bucket", IsMultiRegionTrail=True,
                                  IsOrganizationTrail=True)["TrailARN"]
        ct.create_trail(Name="mgmt-only", S3BucketName="tp-org-bucket")
        ct.start_logging(Name="org-trail")
        member, creds = self.make_member()
        return org_arn, member, creds

    def test_org_trail_visible_in_member(self):
        org_arn, member, creds = self.org_trail_setup()
        for region in ("us-east-1", "eu-west-1"):
            mct = self.client("cloudtrail", region, creds=creds)
            trails = mct.describe_trails()["trailList"]
            self.assertEqual([(t["TrailARN"], t["IsOrganizationTrail"], t["HomeRegion"]) for t in trails],
                             [(org_arn, True, "us-east-1")], region)
            self.assertEqual([t["TrailARN"] for t in mct.list_trails()["Trails"]], [org_arn])
            self.assertTrue(mct.get_trail_status(Name=org_arn)["IsLogging"])
            self.assertEqual(mct.get_trail(Name=org_arn)["Trail"]["Name"], "org-trail")
            self.assertEqual(mct.describe_trails(includeShadowTrails=False)["trailList"], [])
        mct = self.client("cloudtrail", creds=creds)
        with self.assertRaises(ClientError):  # members cannot change the organization's trail
            mct.stop_logging(Name=org_arn)
        self.assertTrue(mct.get_trail_status(Name=org_arn)["IsLogging"])

    def test_account_ids_derive_from_email(self):
        member, _ = self.make_member()
        # the same formula the TypeScript seeder uses: sha256(email) mod 9e11 + 1e11
        expected = str(int(hashlib.sha256(b"m@example.com").hexdigest(), 16) % (9 * 10**11) + 10**11)
        self.assertEqual(member, expected)

    def test_org_trails_switch_off(self):
        self.url = self.start_server(extra_env={"TRAILPROOF_MOTO_ORG_TRAILS": "0"})
        org_arn, member, creds = self.org_trail_setup()
        self.assertEqual(self.client("cloudtrail", creds=creds).describe_trails()["trailList"], [])
        self.assertEqual(len(self.client("cloudtrail").describe_trails()["trailList"]), 2)

    # ------------------------------------------------------------ end to end: awscli validate-logs
    def test_awscli_validate_logs(self):
        if shutil.which("aws") is None:
            # The AWS CLI is this check's judge: under CI=true it must run (lib/sandbox/independent-judge.ts).
            if os.environ.get("CI", "").strip().lower() not in ("", "0", "false"):
                self.fail("`aws` (AWS CLI v1) is not on PATH; with CI=true the validate-logs check must run, not skip")
            self.skipTest("`aws` (AWS CLI v1) is not on PATH: end-to-end validate-logs check skipped")
        region, bucket, name = "us-east-1", "tp-validate", "tp-trail"
        s3 = self.client("s3")
        s3.create_bucket(Bucket=bucket)
        arn = self.client("cloudtrail").create_trail(Name=name, S3BucketName=bucket,
                                                     EnableLogFileValidation=True)["TrailARN"]
        priv, der, fp = new_rsa_key()
        self.register_key(der, fp, int(time.time()) - 86400, int(time.time()) + 86400)

        end = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(minutes=10)
        start = end - timedelta(hours=1)
        iso = lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ")
        log_time = start + timedelta(minutes=20)
        log_bytes = json.dumps({"Records": [{"eventVersion": "1.08", "eventTime": iso(log_time),
                                             "eventSource": "s3.amazonaws.com", "eventName": "ListBuckets",
                                             "awsRegion": region, "recipientAccountId": MGMT}]}).encode()
        log_key = (f"AWSLogs/{MGMT}/CloudTrail/{region}/{log_time:%Y/%m/%d}/"
                   f"{MGMT}_CloudTrail_{region}_{log_time:%Y%m%dT%H%MZ}_AbCdEfGh12345678.json.gz")
        s3.put_object(Bucket=bucket, Key=log_key, Body=gzip.compress(log_bytes))

        digest_key = (f"AWSLogs/{MGMT}/CloudTrail-Digest/{region}/{end:%Y/%m/%d}/"
                      f"{MGMT}_CloudTrail-Digest_{region}_{name}_{region}_{end:%Y%m%dT%H%M%SZ}.json.gz")
        digest = json.dumps({
            "awsAccountId": MGMT, "digestStartTime": iso(start), "digestEndTime": iso(end),
            "digestS3Bucket": bucket, "digestS3Object": digest_key, "digestPublicKeyFingerprint": fp,
            "digestSignatureAlgorithm": "SHA256withRSA", "newestEventTime": iso(log_time),
            "oldestEventTime": iso(log_time), "previousDigestS3Bucket": None, "previousDigestS3Object": None,
            "previousDigestHashValue": None, "previousDigestHashAlgorithm": None, "previousDigestSignature": None,
            "logFiles": [{"s3Bucket": bucket, "s3Object": log_key, "hashValue": hashlib.sha256(log_bytes).hexdigest(),
                          "hashAlgorithm": "SHA-256", "newestEventTime": iso(log_time),
                          "oldestEventTime": iso(log_time)}]}).encode()
        to_sign = f"{iso(end)}\n{bucket}/{digest_key}\n{hashlib.sha256(digest).hexdigest()}\nnull".encode()
        signature = priv.sign(to_sign, padding.PKCS1v15(), hashes.SHA256()).hex()
        s3.put_object(Bucket=bucket, Key=digest_key, Body=gzip.compress(digest),
                      Metadata={"signature": signature, "signature-algorithm": "SHA256withRSA"})

        env = dict(os.environ, **CLEAN_ENV, AWS_ENDPOINT_URL=self.url, AWS_ACCESS_KEY_ID="testing",
                   AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION=region)
        env.pop("AWS_PROFILE", None)
        run = subprocess.run(["aws", "cloudtrail", "validate-logs", "--trail-arn", arn,
                              "--start-time", iso(start - timedelta(hours=1)), "--verbose"],
                             env=env, capture_output=True, text=True, timeout=120)
        report = f"exit {run.returncode}\nstdout:\n{run.stdout}\nstderr:\n{run.stderr}"
        self.assertEqual(run.returncode, 0, report)
        self.assertIn(f"Digest file\ts3://{bucket}/{digest_key}\tvalid", run.stdout, report)
        self.assertIn(f"Log file\ts3://{bucket}/{log_key}\tvalid", run.stdout, report)
        self.assertIn("1/1 digest files valid", run.stdout, report)
        self.assertIn("1/1 log files valid", run.stdout, report)


if __name__ == "__main__":
    unittest.main()
