"""review sessions that end, and an index for the review queue

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('disabled', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('field', schema=None) as batch_op:
        batch_op.create_index('ix_field_status', ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('field', schema=None) as batch_op:
        batch_op.drop_index('ix_field_status')
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('disabled')
        batch_op.drop_column('session_version')
