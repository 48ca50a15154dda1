/** The header row every data table of the dashboard uses: one column header per name, in order. */
export function TableHead({ columns }: { columns: (string | null)[] }) {
  return (
    <thead className="bg-slate-100 text-left text-slate-600">
      <tr>
        {columns.filter((c): c is string => c !== null).map((column) => (
          <th key={column} scope="col" className="px-3 py-2 font-medium">
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}
