{#- Fails for every combination of the given columns that occurs in more than one row: the
    composite-key counterpart of dbt's unique test (dbt_utils is not a dependency here). -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

with

key_counts as (
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as row_count
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
),

final as (
    select * from key_counts
    where row_count > 1
)

select * from final

{% endtest %}
