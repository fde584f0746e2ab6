{{ config(materialized='view') }}

-- Bronze rows that listen_events does not load, with the first contract rule each breaks.
-- A view, so it always reflects all of bronze; duplicates of a rejected event repeat here.

with

listens as (
    select * from {{ ref('stg_listens') }}
),

checked_listens as (
    select
        *,
        {{ listen_event_rejection_reason() }} as rejection_reason
    from listens
),

final as (
    select * from checked_listens
    where rejection_reason is not null
)

select * from final
