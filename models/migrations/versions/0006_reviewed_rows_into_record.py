"""reviewed field rows that their record lacks are written into it

The record (``submission.record``) is now the truth its field and check rows are derived
from (``models.store.sync_rows``). Before, reprocessing kept a reviewed row whose leaf the
new reading lacked without putting it in the record; deriving the rows would delete it
(and its corrections refer to it). Data only: the schema is unchanged.

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

REVIEWED = ('corrected', 'confirmed')  # core.record.REVIEWED when this was written

submission = sa.table('submission', sa.column('id', sa.Integer), sa.column('record', sa.JSON))
field = sa.table(
    'field',
    sa.column('submission_id', sa.Integer),
    sa.column('leaf', sa.String),
    sa.column('value', sa.JSON),
    sa.column('raw', sa.String),
    sa.column('confidence', sa.Float),
    sa.column('status', sa.String),
    sa.column('document_id', sa.Integer),
    sa.column('page', sa.Integer),
    sa.column('bbox', sa.JSON),
)
document = sa.table('document', sa.column('id', sa.Integer), sa.column('path', sa.String),
                    sa.column('sha256', sa.String))


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(field, document.c.path, document.c.sha256)
        .select_from(field.outerjoin(document, field.c.document_id == document.c.id))
        .where(field.c.status.in_(REVIEWED))
        .order_by(field.c.submission_id, field.c.leaf)
    ).all()
    by_submission: dict[int, list] = {}
    for row in rows:
        by_submission.setdefault(row.submission_id, []).append(row)
    for submission_id, reviewed in by_submission.items():
        record = conn.execute(
            sa.select(submission.c.record).where(submission.c.id == submission_id)
        ).scalar()
        if not record:
            continue
        fields = record.setdefault('fields', {})
        lacking = [r for r in reviewed if r.leaf not in fields]
        if not lacking:
            continue
        places = {(s.get('path'), s.get('sha256')): i for i, s in enumerate(record.get('sources') or [])}
        for r in lacking:
            fields[r.leaf] = {
                'value': r.value,
                'raw': r.raw,
                'confidence': r.confidence,
                'status': r.status,
                'source': places.get((r.path, r.sha256)),
                'page': r.page,
                'bbox': r.bbox,
            }
        conn.execute(
            submission.update().where(submission.c.id == submission_id).values(record=record)
        )


def downgrade() -> None:
    pass  # the entries written are true of the record either way
